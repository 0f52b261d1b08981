// Worker thread entry: writes one funnel workbook, hands the bytes back and exits (see buildFunnelWorkbook).
import { parentPort, workerData } from "node:worker_threads";
import { type FunnelWorkbookJob, writeFunnelWorkbook } from "./funnel-xlsx.ts";

const bytes = await writeFunnelWorkbook(workerData as FunnelWorkbookJob);
parentPort?.postMessage(bytes, [bytes.buffer as ArrayBuffer]);
