// The long plan-leak run of `npm run test:chaos` (PONTE_CHAOS=long): the property of
// tests/e2e/plan-leak.property.test.ts with many more seeded people and inputs.
import "../e2e/plan-leak.property.test.ts";
