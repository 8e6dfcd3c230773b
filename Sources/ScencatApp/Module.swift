// ScencatApp
