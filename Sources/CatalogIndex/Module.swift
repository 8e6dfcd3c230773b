// CatalogIndex
