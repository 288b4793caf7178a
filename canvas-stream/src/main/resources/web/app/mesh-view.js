/**
 * The live mesh: the coordinator in the middle, each agent type around it with its status, work in
 * flight and circuit breaker (from `GET /agents/{type}`, refreshed while the view is open), the
 * spokes along which this canvas's tasks are running steps now, and the flows between agents that
 * their plans set up (from the task events).
 */
import { api } from './api.js';
import { h, replace, svg } from './dom.js';

const REFRESH_MS = 3000;
const SIZE = 320;
const CENTER = SIZE / 2;
const RADIUS = 112;

export class MeshView {
  constructor() {
    this.agents = [];
    this.details = new Map();
    this.visible = false;
    this.timer = null;
    this.lastRender = null;
    this.graph = svg('svg', { class: 'mesh-graph', viewBox: `0 0 ${SIZE} ${SIZE}`, role: 'img', 'aria-label': 'Agent mesh' });
    this.table = h('table', { class: 'mesh-table' });
    this.element = h('div', { class: 'mesh' }, this.graph, this.table);
  }

  setAgents(agents) {
    this.agents = agents;
    this.redraw();
  }

  /** Starts or stops refreshing the agents' state, as the view is shown or hidden. */
  setVisible(visible) {
    this.visible = visible;
    clearInterval(this.timer);
    this.timer = null;
    if (visible) {
      this.refresh();
      this.timer = setInterval(() => this.refresh(), REFRESH_MS);
    }
  }

  stop() {
    this.setVisible(false);
  }

  async refresh() {
    if (document.visibilityState !== 'visible') return;
    await Promise.all(
      this.agents.map(async (agent) => {
        try {
          this.details.set(agent.name, await api.get(`/agents/${encodeURIComponent(agent.name)}`));
        } catch {
          this.details.delete(agent.name);
        }
      }),
    );
    this.redraw();
  }

  /** Draws the mesh with the steps running now and the flows of this canvas's tasks. */
  render(tracker) {
    this.lastRender = { running: tracker.running(), flows: tracker.flows() };
    this.redraw();
  }

  redraw() {
    if (!this.visible) return;
    const running = this.lastRender?.running ?? new Map();
    const flows = this.lastRender?.flows ?? [];
    const positions = new Map(
      this.agents.map((agent, index) => {
        const angle = (2 * Math.PI * index) / Math.max(1, this.agents.length) - Math.PI / 2;
        return [agent.name, { x: CENTER + RADIUS * Math.cos(angle), y: CENTER + RADIUS * Math.sin(angle) }];
      }),
    );
    const nodes = this.agents.map((agent) => this.node(agent, positions.get(agent.name), running.get(agent.name) ?? 0));
    replace(
      this.graph,
      svg(
        'defs',
        {},
        svg(
          'marker',
          { id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '6', markerHeight: '6', orient: 'auto-start-reverse' },
          svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }),
        ),
      ),
      this.agents.map((agent) => {
        const at = positions.get(agent.name);
        const active = (running.get(agent.name) ?? 0) > 0 || (this.details.get(agent.name)?.inFlight ?? 0) > 0;
        return svg('line', { class: ['spoke', active && 'active'], x1: CENTER, y1: CENTER, x2: at.x, y2: at.y });
      }),
      flows
        .filter((flow) => positions.has(flow.from) && positions.has(flow.to))
        .map((flow) => {
          const from = positions.get(flow.from);
          const to = positions.get(flow.to);
          const bend = { x: (from.x + to.x) / 2 + (CENTER - (from.x + to.x) / 2) * 0.35, y: (from.y + to.y) / 2 + (CENTER - (from.y + to.y) / 2) * 0.35 };
          return svg(
            'path',
            { class: 'flow', d: `M ${from.x} ${from.y} Q ${bend.x} ${bend.y} ${to.x} ${to.y}`, 'marker-end': 'url(#arrow)' },
            svg('title', {}, `${flow.from} → ${flow.to} (${flow.tasks} task${flow.tasks === 1 ? '' : 's'})`),
          );
        }),
      svg('circle', { class: 'hub', cx: CENTER, cy: CENTER, r: 26 }),
      svg('text', { class: 'hub-label', x: CENTER, y: CENTER + 4 }, 'tasks'),
      nodes,
    );
    this.renderTable(running);
  }

  node(agent, at, runningHere) {
    const details = this.details.get(agent.name);
    const breaker = (details?.agent?.breaker ?? agent.breaker)?.state ?? 'CLOSED';
    const inFlight = details?.inFlight ?? runningHere;
    const working = inFlight > 0 || runningHere > 0;
    return svg(
      'g',
      { class: ['agent-node', working && 'working', `breaker-${breaker.toLowerCase()}`], dataset: { agent: agent.name } },
      svg('circle', { class: 'agent-ring', cx: at.x, cy: at.y, r: 25 }),
      svg('circle', { class: 'agent-core', cx: at.x, cy: at.y, r: 20 }),
      svg('text', { class: 'agent-count', x: at.x, y: at.y + 5 }, String(inFlight)),
      svg('text', { class: 'agent-label', x: at.x, y: at.y + 40 }, agent.name),
      svg('title', {}, `${agent.name}: ${working ? 'working' : 'idle'}, ${inFlight} in flight, breaker ${breaker.toLowerCase()}`),
    );
  }

  renderTable(running) {
    replace(
      this.table,
      h('caption', { class: 'visually-hidden' }, 'Agents'),
      h('thead', {}, h('tr', {}, ['Agent', 'Status', 'In flight', 'Done', 'Breaker'].map((name) => h('th', { scope: 'col' }, name)))),
      h(
        'tbody',
        {},
        this.agents.map((agent) => {
          const details = this.details.get(agent.name);
          const breaker = (details?.agent?.breaker ?? agent.breaker)?.state ?? 'CLOSED';
          const inFlight = details?.inFlight ?? running.get(agent.name) ?? 0;
          return h(
            'tr',
            { dataset: { agent: agent.name } },
            h('th', { scope: 'row' }, agent.name),
            h('td', { class: 'agent-status' }, inFlight > 0 ? 'working' : 'idle'),
            h('td', { class: 'agent-in-flight' }, `${inFlight}${details?.queued ? ` +${details.queued} queued` : ''}`),
            h('td', { class: 'agent-done' }, String(details?.processed ?? 0)),
            h('td', {}, h('span', { class: ['breaker', `breaker-${breaker.toLowerCase()}`] }, breaker.toLowerCase().replace('_', '-'))),
          );
        }),
      ),
    );
  }
}
