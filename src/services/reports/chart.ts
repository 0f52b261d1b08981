// The digest chart: sessions (bars) and attendance rate (line) per week, rendered offline to PNG.
// vega-lite → vega SVG → resvg, drawn with the bundled DejaVu Sans so no system font is needed.
import { createRequire } from "node:module";
import type { TopLevelSpec } from "vega-lite";
import type { WeeklyChartPoint } from "../../domain/digest.ts";

export interface WeeklyChartLabels {
  title: string;
  sessions: string;
  attendanceRate: string;
}

/** Size of the chart in SVG units; the PNG is drawn at PIXEL_RATIO times this, for phone screens. */
export const CHART_SIZE = { width: 800, height: 400 } as const;
export const PIXEL_RATIO = 2;

const FONT_FAMILY = "DejaVu Sans";
const BLUE = "#4c78a8";
const ORANGE = "#f58518";
const FONT_FILE = createRequire(import.meta.url).resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");

export async function renderWeeklyChartPng(
  points: readonly WeeklyChartPoint[],
  labels: WeeklyChartLabels,
): Promise<Buffer> {
  const spec: TopLevelSpec = {
    ...CHART_SIZE,
    autosize: { type: "fit", contains: "padding" },
    background: "white",
    title: labels.title,
    config: { font: FONT_FAMILY },
    data: { values: points.map((p) => ({ ...p })) },
    encoding: { x: { field: "weekKey", type: "ordinal", sort: null, title: null, axis: { labelAngle: 0 } } },
    layer: [
      {
        mark: { type: "bar", color: BLUE },
        encoding: {
          y: { field: "sessions", type: "quantitative", title: labels.sessions, axis: { format: "d", tickMinStep: 1 } },
        },
      },
      {
        mark: { type: "line", color: ORANGE, point: { color: ORANGE, filled: true, size: 60 } },
        encoding: {
          y: {
            field: "attendanceRate",
            type: "quantitative",
            title: labels.attendanceRate,
            scale: { domain: [0, 1] },
            axis: { format: "%" },
          },
        },
      },
    ],
    resolve: { scale: { y: "independent" } },
  };
  // Loaded on first use: the chart libraries weigh tens of megabytes that a bot not sending digests never needs.
  const [{ parse, View }, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await svgToPng(await view.toSVG());
  } finally {
    view.finalize();
  }
}

export async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import("@resvg/resvg-js");
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: PIXEL_RATIO },
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  return resvg.render().asPng();
}
