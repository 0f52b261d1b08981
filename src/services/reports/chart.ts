// The digest chart: sessions (bars, left axis) and attendance rate (line, right axis) per week, drawn as SVG here
// and rendered to PNG by resvg with the bundled DejaVu Sans, so no chart library, browser or system font is needed.
import { createRequire } from "node:module";
import type { WeeklyChartPoint } from "../../domain/digest.ts";
import { bytesFromChildProcess, moduleBeside } from "../child-task.ts";

export interface WeeklyChartLabels {
  title: string;
  sessions: string;
  attendanceRate: string;
}

/** Size of the chart in SVG units; the PNG is drawn at PIXEL_RATIO times this, for phone screens. */
export const CHART_SIZE = { width: 800, height: 400 } as const;
export const PIXEL_RATIO = 2;

const FONT_FAMILY = "DejaVu Sans";
const FONT_FILE = createRequire(import.meta.url).resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const BLUE = "#4c78a8";
const ORANGE = "#f58518";
const GRID = "#dddddd";
const AXIS = "#888888";
const TEXT = "#000000";
/** The plot area inside the chart: room for the title above, tick labels and axis titles around. */
const PLOT = { left: 60, right: CHART_SIZE.width - 70, top: 28, bottom: CHART_SIZE.height - 26 };
const RATE_TICKS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

export async function renderWeeklyChartPng(
  points: readonly WeeklyChartPoint[],
  labels: WeeklyChartLabels,
): Promise<Buffer> {
  return svgToPng(weeklyChartSvg(points, labels));
}

export function weeklyChartSvg(points: readonly WeeklyChartPoint[], labels: WeeklyChartLabels): string {
  const { left, right, top, bottom } = PLOT;
  const sessionTicks = integerTicks(Math.max(0, ...points.map((p) => p.sessions)));
  const sessionMax = sessionTicks.at(-1) as number;
  const ySessions = (value: number) => bottom - (value / sessionMax) * (bottom - top);
  const yRate = (rate: number) => bottom - rate * (bottom - top);
  const band = (right - left) / Math.max(points.length, 1);
  const xCentre = (index: number) => left + band * (index + 0.5);

  const parts: string[] = [
    `<rect width="${CHART_SIZE.width}" height="${CHART_SIZE.height}" fill="white"/>`,
    text(CHART_SIZE.width / 2, 16, labels.title, { size: 13, anchor: "middle" }),
  ];
  for (const tick of sessionTicks) {
    const y = ySessions(tick);
    parts.push(line(left, y, right, y, GRID), text(left - 6, y + 3.5, String(tick), { anchor: "end" }));
  }
  for (const rate of RATE_TICKS) {
    const y = yRate(rate);
    parts.push(line(right, y, right + 4, y, AXIS), text(right + 6, y + 3.5, `${Math.round(rate * 100)}%`));
  }
  points.forEach((point, index) => {
    const x = xCentre(index);
    const barWidth = band * 0.9;
    const y = ySessions(point.sessions);
    if (point.sessions > 0) parts.push(rect(x - barWidth / 2, y, barWidth, bottom - y, BLUE));
    parts.push(line(x, bottom, x, bottom + 4, AXIS), text(x, bottom + 15, point.weekKey, { anchor: "middle" }));
  });
  // The line breaks at weeks without attendance (no rate), as a gap rather than a fall to zero.
  for (const segment of rateSegments(points)) {
    const coordinates = segment.map(({ index, rate }) => `${round(xCentre(index))},${round(yRate(rate))}`);
    if (segment.length > 1) {
      parts.push(
        `<polyline points="${coordinates.join(" ")}" fill="none" stroke="${ORANGE}" stroke-width="2" stroke-linejoin="round"/>`,
      );
    }
    for (const { index, rate } of segment) {
      parts.push(`<circle cx="${round(xCentre(index))}" cy="${round(yRate(rate))}" r="4.4" fill="${ORANGE}"/>`);
    }
  }
  parts.push(
    line(left, top, left, bottom, AXIS),
    line(right, top, right, bottom, AXIS),
    line(left, bottom, right, bottom, AXIS),
    text(left - 34, (top + bottom) / 2, labels.sessions, { anchor: "middle", rotate: -90 }),
    text(right + 50, (top + bottom) / 2, labels.attendanceRate, { anchor: "middle", rotate: 90 }),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_SIZE.width}" height="${CHART_SIZE.height}" font-family="${FONT_FAMILY}" font-size="10.5">${parts.join("")}</svg>`;
}

// resvg's pixmaps (5 MB a chart) live outside the JS heap and are only freed when the GC gets round to it, which a
// small heap rarely does: a digest run of 40 charts grew the process by 220 MB. Each chart is therefore drawn in a
// child process that exits when done, taking its native memory with it.
export async function svgToPng(svg: string): Promise<Buffer> {
  const options = {
    fitTo: { mode: "zoom", value: PIXEL_RATIO },
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  };
  return bytesFromChildProcess(moduleBeside(import.meta.url, "chart-png-worker"), { svg, options });
}

/** 0 up to a round number at or above `max`, in steps of 1, 2, 5, 10, 20, 50…: at most about 8 ticks. */
function integerTicks(max: number): number[] {
  const steps = [1, 2, 5];
  let step = 1;
  for (let magnitude = 1; Math.ceil(max / step) > 8; magnitude *= 10) {
    step = steps.map((s) => s * magnitude).find((s) => Math.ceil(max / s) <= 8) ?? 10 * magnitude;
  }
  const top = Math.max(step, Math.ceil(max / step) * step);
  return Array.from({ length: top / step + 1 }, (_, index) => index * step);
}

function rateSegments(points: readonly WeeklyChartPoint[]): { index: number; rate: number }[][] {
  const segments: { index: number; rate: number }[][] = [];
  let current: { index: number; rate: number }[] = [];
  points.forEach((point, index) => {
    if (point.attendanceRate === null) {
      if (current.length > 0) segments.push(current);
      current = [];
    } else {
      current.push({ index, rate: Math.min(1, Math.max(0, point.attendanceRate)) });
    }
  });
  if (current.length > 0) segments.push(current);
  return segments;
}

const round = (value: number) => Math.round(value * 100) / 100;

function line(x1: number, y1: number, x2: number, y2: number, colour: string): string {
  return `<line x1="${round(x1)}" y1="${round(y1)}" x2="${round(x2)}" y2="${round(y2)}" stroke="${colour}" stroke-width="1"/>`;
}

function rect(x: number, y: number, width: number, height: number, colour: string): string {
  return `<rect x="${round(x)}" y="${round(y)}" width="${round(width)}" height="${round(height)}" fill="${colour}"/>`;
}

function text(
  x: number,
  y: number,
  content: string,
  options: { size?: number; anchor?: "start" | "middle" | "end"; rotate?: number } = {},
): string {
  const transform = options.rotate ? ` transform="rotate(${options.rotate} ${round(x)} ${round(y)})"` : "";
  const size = options.size ? ` font-size="${options.size}"` : "";
  return `<text x="${round(x)}" y="${round(y)}" text-anchor="${options.anchor ?? "start"}" fill="${TEXT}"${size}${transform}>${escapeXml(content)}</text>`;
}

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
