// Worker thread entry: writes one quarterly workbook, hands the bytes back and exits (see buildQuarterlyWorkbook).
import { parentPort, workerData } from "node:worker_threads";
import { type QuarterlyWorkbookJob, writeQuarterlyWorkbook } from "./quarterly-xlsx.ts";

const bytes = await writeQuarterlyWorkbook(workerData as QuarterlyWorkbookJob);
parentPort?.postMessage(bytes, [bytes.buffer as ArrayBuffer]);
