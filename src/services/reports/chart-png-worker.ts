// Worker thread entry: draws one chart with resvg, hands the PNG back and exits (see svgToPng). The PNG is copied,
// not transferred: Node 22 refuses to transfer the native buffer resvg returns.
import { parentPort, workerData } from "node:worker_threads";
import { Resvg, type ResvgRenderOptions } from "@resvg/resvg-js";

const { svg, options } = workerData as { svg: string; options: ResvgRenderOptions };
parentPort?.postMessage(new Resvg(svg, options).render().asPng());
