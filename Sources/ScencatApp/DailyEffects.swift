import CatalogCore
import CatalogIndex
import Wording

extension EffectRunner {
    /// The `updated` filter's choices: the catalogue's review period first, then shorter and
    /// longer ones, each as the date it cuts at, with how many scenarios of the list it leaves.
    func stalenessOptions(within: ListQuery) throws -> [FilterOption] {
        let review = try store.catalogInfo()?.reviewPeriodMonths ?? 12
        let today = Journal.today()
        var periods = [review]
        for m in [3, 6, 12, 24] where !periods.contains(m) { periods.append(m) }
        return try periods.compactMap { months in
            guard let date = Freshness.cutoff(today: today, months: months) else { return nil }
            var q = within
            q.updatedBefore = date
            let note = months == review ? Text.dailyReviewPeriod.text : ""
            return FilterOption(value: date, label: Text.dailyStaleFilter(note, months, months, date), count: try store.count(q))
        }
    }
}
