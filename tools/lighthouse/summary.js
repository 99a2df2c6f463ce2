// Prints one line of scores from a Lighthouse JSON report, then every audit
// that cost points: its category, the points lost, and what it found.
const [page, preset, file] = process.argv.slice(2);
const report = require(require("path").resolve(file));
const categories = ["performance", "accessibility", "best-practices", "seo"];
const score = (id) => Math.round(report.categories[id].score * 100);
console.log(`\n${page} ${preset}: ` +
    categories.map((id) => `${report.categories[id].title} ${score(id)}`).join(", "));
for (const id of categories) {
    const category = report.categories[id];
    const total = category.auditRefs.reduce((sum, ref) => sum + ref.weight, 0);
    for (const ref of category.auditRefs) {
        const audit = report.audits[ref.id];
        if (ref.weight === 0 || audit.score === null || audit.score >= 1) continue;
        const lost = (100 * ref.weight * (1 - audit.score)) / total;
        if (lost < 0.5) continue;
        const shown = audit.displayValue ? ` (${audit.displayValue})` : "";
        console.log(`  -${lost.toFixed(1)} ${category.title}: ${audit.title}${shown}`);
    }
}
