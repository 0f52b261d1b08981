// The long fuzz run of `npm run test:chaos` (PONTE_CHAOS=long): the property of tests/e2e/fuzz.property.test.ts
// with 10,000 runs instead of a few hundred.
import "../e2e/fuzz.property.test.ts";
