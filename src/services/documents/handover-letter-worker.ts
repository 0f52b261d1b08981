// Worker thread entry: writes one handover letter, hands the bytes back and exits (see buildHandoverLetterDocx).
import { parentPort, workerData } from "node:worker_threads";
import type { HandoverLetter } from "../../domain/handover-letter.ts";
import { writeHandoverLetterDocx } from "./handover-letter-docx.ts";

// A copy owns its memory: a small Buffer may sit in Node's shared pool, which cannot be transferred.
const bytes = new Uint8Array(await writeHandoverLetterDocx(workerData as HandoverLetter));
parentPort?.postMessage(bytes, [bytes.buffer]);
