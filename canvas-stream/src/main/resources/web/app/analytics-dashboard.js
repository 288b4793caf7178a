/**
 * The analytics dashboard (`/analytics`): the tenant's campaigns, and for the chosen one its funnel,
 * rates over time with anomalies, send-time heatmap and recommendations (docs/api/analytics.md).
 * The campaigns' counts follow `/ws/analytics` live; the other panels are read again a moment after
 * a change to the chosen campaign. A panel whose read fails says so and the others carry on.
 */
import { anomalyText, count, funnel, heatmap, percent, rateChart } from './analytics-charts.js';
import { api } from './api.js';
import { h, replace } from './dom.js';
import { appHeader, showConnection } from './header.js';
import { LiveClient } from './live-client.js';
import { session } from './session.js';

/** How long after a change to the chosen campaign its series, heatmap and advice are read again. */
const REFRESH_MS = 1000;

function socketUrl() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws/analytics`;
}

/** Shows the dashboard in `root`; returns a function that closes it. */
export function showAnalytics(root, { signOut }) {
  /** The campaigns by id: `{campaignId, counts, rates, lastEventAt?}`, the most recent first. */
  let campaigns = new Map();
  let chosen = new URLSearchParams(location.search).get('campaign');
  let bucket = 'hour';
  let refreshTimer = null;

  const connection = h('span', { class: 'connection', role: 'status', 'aria-live': 'polite' });
  const list = h('ul', { class: 'campaign-picker-list', 'aria-label': 'Campaigns' });
  const title = h('h1', { id: 'analytics-title' }, 'Analytics');
  const funnelBody = h('div', { class: 'panel-body' });
  const chartBody = h('div', { class: 'panel-body' });
  const heatBody = h('div', { class: 'panel-body' });
  const anomalyBody = h('div', { class: 'panel-body' });
  const adviceBody = h('div', { class: 'panel-body' });
  const bucketSelect = h(
    'select',
    { id: 'rates-bucket', onchange: () => { bucket = bucketSelect.value; loadSeries(); } },
    h('option', { value: 'hour' }, 'By hour'),
    h('option', { value: 'day' }, 'By day'),
  );
  const details = h(
    'div',
    { class: 'dashboard-panels' },
    panel('funnel', 'Funnel', funnelBody),
    panel('recommendations', 'Recommendations', adviceBody),
    panel('rates', 'Rates over time', chartBody, h('label', { class: 'panel-tool' }, h('span', { class: 'visually-hidden' }, 'Bucket'), bucketSelect)),
    panel('anomalies', 'Anomalies', anomalyBody),
    panel('heatmap', 'Send-time heatmap (UTC)', heatBody),
  );

  const live = new LiveClient({ url: socketUrl(), token: session.token(), WebSocket });
  live.on('state', (state) => showConnection(connection, state));
  live.on('snapshot', (message) => message.campaigns.forEach((campaign) => merge(campaign, false)));
  live.on('campaign', (message) => merge(message.campaign, true));

  replace(
    root,
    appHeader({ middle: [connection], signOut }),
    h(
      'main',
      { class: 'dashboard', 'aria-labelledby': 'analytics-title' },
      h('nav', { class: 'campaign-picker', 'aria-labelledby': 'campaigns-title' }, h('h2', { id: 'campaigns-title' }, 'Campaigns'), list),
      h('div', { class: 'dashboard-main' }, title, details),
    ),
  );
  document.title = 'Analytics · Maily Canvas';
  showConnection(connection, live.state);
  loadCampaigns();
  live.start();

  async function loadCampaigns() {
    try {
      const found = await api.get('/analytics/campaigns?limit=50');
      const fresh = new Map(found.campaigns.map((campaign) => [campaign.campaignId, campaign]));
      for (const [id, campaign] of campaigns) if (!fresh.has(id)) fresh.set(id, campaign);
      campaigns = fresh;
      if (!chosen || !campaigns.has(chosen)) chosen = campaigns.keys().next().value ?? null;
      renderList();
      choose(chosen);
    } catch (failure) {
      replace(list, h('li', { class: 'panel-unavailable' }, `The campaigns are not available: ${failure.message}`));
    }
  }

  /** Takes a campaign's newest aggregates from the live stream; a new one goes to the top. */
  function merge(view, changed) {
    const known = campaigns.get(view.campaignId);
    const next = { ...known, campaignId: view.campaignId, counts: view.counts, rates: view.rates };
    if (known) {
      campaigns.set(view.campaignId, next);
    } else {
      campaigns = new Map([[view.campaignId, next], ...campaigns]);
    }
    renderList();
    if (!chosen) {
      choose(view.campaignId);
    } else if (view.campaignId === chosen) {
      renderFunnel();
      if (changed) scheduleRefresh();
    }
  }

  function renderList() {
    if (campaigns.size === 0) {
      replace(list, h('li', { class: 'empty' }, 'No campaign has engagement yet.'));
      return;
    }
    replace(
      list,
      [...campaigns.values()].map((campaign) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: ['campaign-item', campaign.campaignId === chosen && 'selected'],
              'aria-current': campaign.campaignId === chosen ? 'true' : false,
              dataset: { campaignId: campaign.campaignId },
              onclick: () => choose(campaign.campaignId),
            },
            h('span', { class: 'campaign-item-name' }, campaign.campaignId),
            h('span', { class: 'campaign-item-meta' }, `${count(campaign.counts.sent)} sent · ${percent(campaign.rates.openRate)} opened`),
          ),
        ),
      ),
    );
  }

  function choose(campaignId) {
    chosen = campaignId;
    details.hidden = !chosen;
    title.textContent = chosen ? `Campaign ${chosen}` : 'Analytics';
    if (!chosen) return;
    const url = new URL(location.href);
    url.searchParams.set('campaign', chosen);
    history.replaceState(null, '', url);
    renderList();
    renderFunnel();
    refresh();
  }

  function renderFunnel() {
    const campaign = campaigns.get(chosen);
    if (campaign) replace(funnelBody, funnel(campaign.counts, campaign.rates));
  }

  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, REFRESH_MS);
  }

  function refresh() {
    loadSeries();
    const query = `campaignId=${encodeURIComponent(chosen)}`;
    load(heatBody, `/analytics/heatmap?${query}`, (found) => heatmap(found.cells));
    load(anomalyBody, `/analytics/anomalies?${query}`, (found) => anomalyList(found.anomalies));
    load(adviceBody, `/analytics/recommendations?${query}`, (found) => recommendations(found.recommendations));
  }

  async function loadSeries() {
    const id = encodeURIComponent(chosen);
    await load(chartBody, `/analytics/campaigns/${id}/series?bucket=${bucket}`, async (series) => {
      let anomalies = [];
      try {
        anomalies = (await api.get(`/analytics/anomalies?campaignId=${id}`)).anomalies;
      } catch {
        // The chart stands without its marks; the anomalies panel says why they are missing.
      }
      return rateChart(series.points, anomalies, series.bucket);
    });
  }

  /** Reads `path` into the panel `body` through `render`; says so in the panel if it fails. */
  async function load(body, path, render) {
    const forCampaign = chosen;
    body.setAttribute('aria-busy', 'true');
    try {
      const content = await render(await api.get(path));
      if (forCampaign === chosen) replace(body, content);
    } catch (failure) {
      if (forCampaign === chosen) {
        replace(body, h('p', { class: 'panel-unavailable' }, `This data is not available: ${failure.message}`));
      }
    } finally {
      body.removeAttribute('aria-busy');
    }
  }

  return () => {
    clearTimeout(refreshTimer);
    live.stop();
  };
}

function panel(key, name, body, tool = null) {
  const id = `panel-${key}-title`;
  return h(
    'section',
    { class: ['dashboard-panel', `panel-${key}`], 'aria-labelledby': id },
    h('div', { class: 'panel-head' }, h('h2', { id }, name), tool),
    body,
  );
}

function anomalyList(anomalies) {
  if (anomalies.length === 0) return h('p', { class: 'hint' }, 'No anomalies.');
  return h(
    'ul',
    { class: 'anomaly-list' },
    anomalies.map((anomaly) =>
      h('li', { class: ['anomaly', anomaly.bad && 'anomaly-bad'] }, h('span', { class: 'chip' }, anomaly.bad ? 'worse' : 'better'), ' ', anomalyText(anomaly)),
    ),
  );
}

function recommendations(advice) {
  if (advice.length === 0) return h('p', { class: 'hint' }, 'No recommendations.');
  return h(
    'ul',
    { class: 'advice-list' },
    advice.map((item) =>
      h(
        'li',
        { class: 'advice', dataset: { code: item.code } },
        h('p', { class: 'advice-message' }, item.message),
        h(
          'p',
          { class: 'advice-meta' },
          h('meter', { min: 0, max: 1, value: item.confidence, 'aria-label': 'Confidence' }),
          ` ${percent(item.confidence)} confidence · ${item.rule}`,
        ),
      ),
    ),
  );
}
