/**
 * The analytics dashboard's charts, drawn by hand (SVG and plain elements, nothing fetched): the
 * funnel, rates over time with anomalies marked, and the send-time heatmap. Each takes the API's
 * JSON (docs/api/analytics.md) and returns an element; each carries a text equivalent for screen
 * readers.
 */
import { h, svg } from './dom.js';

/** A rate as a percentage, e.g. 0.4 → "40.0%". */
export function percent(rate) {
  return Number.isFinite(rate) ? `${(rate * 100).toFixed(1)}%` : '–';
}

/** A count with the user's digit grouping. */
export function count(value) {
  return Number(value ?? 0).toLocaleString();
}

/**
 * Sent → delivered → opened → clicked, unique counts, each bar as wide as its share of the sends,
 * each step's rate: delivered per sent, unique opens and clicks per delivered (as the API's rates).
 */
export function funnel(counts, rates) {
  const sent = counts.sent ?? 0;
  const steps = [
    ['sent', 'Sent', sent, null],
    ['delivered', 'Delivered', counts.delivered ?? 0, sent ? (counts.delivered ?? 0) / sent : NaN],
    ['opened', 'Opened', counts.uniqueOpens ?? 0, rates.openRate],
    ['clicked', 'Clicked', counts.uniqueClicks ?? 0, rates.clickRate],
  ];
  return h(
    'ol',
    { class: 'funnel', 'aria-label': 'Funnel, unique contacts' },
    steps.map(([key, label, value, rate]) => {
      const bar = h('span', { class: 'funnel-bar' });
      bar.style.width = `${sent ? Math.max(1, (100 * value) / sent) : 0}%`;
      return h(
        'li',
        { class: 'funnel-step', dataset: { step: key } },
        h('span', { class: 'funnel-label' }, label),
        h('span', { class: 'funnel-track' }, bar),
        h('span', { class: 'funnel-count', dataset: { count: value } }, count(value)),
        h('span', { class: 'funnel-rate' }, rate === null ? '' : percent(rate)),
      );
    }),
  );
}

const SERIES = [
  ['openRate', 'Open rate', 'line-open'],
  ['clickRate', 'Click rate', 'line-click'],
  ['bounceRate', 'Bounce rate', 'line-bounce'],
];
const METRIC_SERIES = { 'open-rate': 'openRate', 'click-rate': 'clickRate', 'bounce-rate': 'bounceRate' };
const WIDTH = 900;
const HEIGHT = 210;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

/**
 * Open, click and bounce rates per bucket (`points` oldest first), with each of `anomalies` that
 * falls on a point of its metric marked by a ringed dot; a legend and a caption describe it.
 */
export function rateChart(points, anomalies, bucket) {
  if (points.length === 0) {
    return h('p', { class: 'hint' }, 'No events in this window.');
  }
  const times = points.map((point) => Date.parse(point.start));
  const first = times[0];
  const span = Math.max(1, times[times.length - 1] - first);
  const top = Math.max(0.05, ...points.flatMap((point) => SERIES.map(([key]) => point.rates[key] ?? 0)));
  const x = (time) => PAD.left + ((WIDTH - PAD.left - PAD.right) * (points.length === 1 ? 0.5 : (time - first) / span));
  const y = (rate) => PAD.top + (HEIGHT - PAD.top - PAD.bottom) * (1 - rate / top);
  const grid = [0, 0.5, 1].map((share) =>
    svg(
      'g',
      { class: 'chart-grid' },
      svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(top * share), y2: y(top * share) }),
      svg('text', { x: PAD.left - 6, y: y(top * share) + 4, 'text-anchor': 'end' }, percent(top * share)),
    ),
  );
  const ends = points.length === 1 ? [[0, 'middle']] : [[0, 'start'], [points.length - 1, 'end']];
  const axis = ends.map(([i, anchor]) =>
    svg('text', { class: 'chart-axis', x: x(times[i]), y: HEIGHT - 8, 'text-anchor': anchor }, label(points[i].start, bucket)),
  );
  const lines = SERIES.map(([key, , className]) =>
    svg('polyline', {
      class: ['chart-line', className],
      fill: 'none',
      points: points.map((point, i) => `${x(times[i]).toFixed(1)},${y(point.rates[key] ?? 0).toFixed(1)}`).join(' '),
    }),
  );
  const marks = anomalies.flatMap((anomaly) => {
    const key = METRIC_SERIES[anomaly.metric];
    const i = points.findIndex((point) => sameBucket(point.start, anomaly.bucketStart, bucket));
    if (!key || i < 0) return [];
    return [
      svg(
        'circle',
        { class: 'chart-anomaly', cx: x(times[i]), cy: y(points[i].rates[key] ?? 0), r: 7, dataset: { metric: anomaly.metric } },
        svg('title', {}, anomalyText(anomaly)),
      ),
    ];
  });
  return h(
    'figure',
    { class: 'chart' },
    svg(
      'svg',
      { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': chartSummary(points, anomalies, bucket) },
      grid,
      axis,
      lines,
      marks,
    ),
    h(
      'figcaption',
      { class: 'chart-legend' },
      SERIES.map(([, name, className]) => h('span', { class: ['legend-item', className] }, name)),
      marks.length ? h('span', { class: 'legend-item legend-anomaly' }, 'Anomaly') : null,
    ),
  );
}

/** An anomaly in words, e.g. "bounce-rate 30.0% at Mon 6 Apr 10:00 UTC (expected 1.7%, z 12.3)". */
export function anomalyText(anomaly) {
  return `${anomaly.metric} ${percent(anomaly.observed)} at ${label(anomaly.bucketStart, 'hour')} UTC (expected ${percent(anomaly.expected)}, z ${Number(anomaly.z).toFixed(1)}, ${count(anomaly.trials)} trials)`;
}

function chartSummary(points, anomalies, bucket) {
  const last = points[points.length - 1];
  return `Rates by ${bucket} from ${label(points[0].start, bucket)} to ${label(last.start, bucket)} UTC; latest open rate ${percent(last.rates.openRate)}, click rate ${percent(last.rates.clickRate)}, bounce rate ${percent(last.rates.bounceRate)}; ${anomalies.length} anomalies.`;
}

function sameBucket(start, at, bucket) {
  const width = bucket === 'day' ? 86_400_000 : 3_600_000;
  return Math.floor(Date.parse(start) / width) === Math.floor(Date.parse(at) / width);
}

function label(iso, bucket) {
  const date = new Date(iso);
  const options = { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' };
  if (bucket !== 'day') Object.assign(options, { hour: '2-digit', minute: '2-digit', hour12: false });
  return date.toLocaleString('en-GB', options);
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The hottest of `cells`: the most opens, then the most sends; null when nothing was sent. */
export function hottest(cells) {
  let best = null;
  for (const cell of cells) {
    if ((cell.sends ?? 0) === 0 && (cell.opens ?? 0) === 0) continue;
    if (!best || cell.opens > best.opens || (cell.opens === best.opens && cell.sends > best.sends)) best = cell;
  }
  return best;
}

/**
 * The 7×24 hours of the week (hour 0 = Monday 00:00 UTC) as a table, each cell shaded by its opens
 * against the busiest hour's, its numbers in its title; the hottest cell is outlined and named.
 */
export function heatmap(cells) {
  const byHour = new Map(cells.map((cell) => [cell.hourOfWeek, cell]));
  const hot = hottest(cells);
  const most = Math.max(1, ...cells.map((cell) => cell.opens ?? 0));
  const rows = DAYS.map((day, d) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, day),
      Array.from({ length: 24 }, (_, hour) => {
        const cell = byHour.get(d * 24 + hour) ?? { hourOfWeek: d * 24 + hour, label: `${day} ${String(hour).padStart(2, '0')}:00`, sends: 0, opens: 0, clicks: 0, openRate: 0 };
        const text = `${cell.label}: ${count(cell.sends)} sent, ${count(cell.opens)} opened (${percent(cell.openRate)})`;
        const td = h(
          'td',
          { class: ['heat-cell', cell === hot && 'heat-hottest'], title: text, dataset: { hour: cell.hourOfWeek } },
          h('span', { class: 'visually-hidden' }, text),
        );
        td.style.setProperty('--heat', String((cell.opens ?? 0) / most));
        return td;
      }),
    ),
  );
  return h(
    'div',
    { class: 'heatmap-wrap' },
    h(
      'table',
      { class: 'heatmap' },
      h('caption', { class: 'hint' }, hot ? `Hottest hour: ${hot.label} UTC, ${count(hot.opens)} opened of ${count(hot.sends)} sent (${percent(hot.openRate)}).` : 'Nothing sent yet.'),
      h(
        'thead',
        {},
        h('tr', {}, h('td', {}), Array.from({ length: 24 }, (_, hour) => h('th', { scope: 'col' }, hour % 3 === 0 ? String(hour).padStart(2, '0') : h('span', { class: 'visually-hidden' }, String(hour))))),
      ),
      h('tbody', {}, rows),
    ),
  );
}
