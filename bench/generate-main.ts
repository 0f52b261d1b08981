// Fills a migrated database with the synthetic dataset, in its own process so the bench measures Ponte, not this.
// usage: node .tmp/bench-build/bench/generate-main.js <file> <quick|region> <key-base64> <today>
import { createCipher } from "../src/services/crypto.ts";
import { generateDataset, QUICK, REGION } from "./generate.ts";

const [file, scaleName, key, today] = process.argv.slice(2);
if (!file || !key || !today || (scaleName !== "quick" && scaleName !== "region")) {
  console.error("usage: generate-main <file> <quick|region> <key-base64> <today>");
  process.exit(2);
}
const summary = generateDataset(file, scaleName === "quick" ? QUICK : REGION, createCipher(key), today);
process.stdout.write(JSON.stringify(summary));
