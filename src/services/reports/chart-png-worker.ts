// Child process entry: draws one chart with resvg and hands the PNG back (see svgToPng).
import { Resvg, type ResvgRenderOptions } from "@resvg/resvg-js";
import { answerParent } from "../child-answer.ts";

answerParent<{ svg: string; options: ResvgRenderOptions }>(({ svg, options }) =>
  new Resvg(svg, options).render().asPng(),
);
