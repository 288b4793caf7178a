/**
 * The task timeline of a canvas: approvals waiting for a decision first, then everything its tasks
 * did, newest first, each entry linked to the block it was asked on.
 */
import { clock, h, replace } from './dom.js';
import { approvalControls } from './task-views.js';

export class Timeline {
  /** @param callbacks {onDecide(taskId, stepId, decision, comment), onSelect(blockId)} */
  constructor(callbacks, readOnly) {
    this.callbacks = callbacks;
    this.readOnly = readOnly;
    this.key = '';
    this.element = h('div', { class: 'timeline' });
  }

  render(tracker, taskVersion, blocks) {
    const key = `${taskVersion}:${blocks.length}`;
    if (key === this.key) return;
    this.key = key;
    const approvals = tracker.pendingApprovals();
    const names = new Map(blocks.map((block) => [block.id, block.content.text || block.type]));
    replace(
      this.element,
      approvals.length && !this.readOnly
        ? h(
            'section',
            { class: 'approvals', 'aria-labelledby': 'approvals-title' },
            h('h3', { id: 'approvals-title' }, 'Waiting for you'),
            approvals.map(({ task, step }) =>
              h(
                'div',
                { class: 'approval-card', dataset: { taskId: task.taskId, stepId: step.id } },
                h('p', {}, `${task.playbook ?? task.agent ?? 'Task'} · ${step.id}`),
                approvalControls(task, step, this.callbacks.onDecide),
              ),
            ),
          )
        : null,
      tracker.timeline.length === 0
        ? h('p', { class: 'hint empty-panel' }, 'Nothing has happened yet. Ask an agent about a block to start.')
        : h(
            'ol',
            { class: 'timeline-list', 'aria-label': 'Task events, newest first' },
            newestFirst(tracker.timeline).map((entry) =>
                h(
                  'li',
                  { class: ['timeline-entry', `kind-${entry.kind}`], dataset: { taskId: entry.taskId } },
                  h('time', { datetime: entry.at }, clock(entry.at)),
                  h('span', { class: 'timeline-text' }, entry.text),
                  entry.blockId && names.has(entry.blockId)
                    ? h(
                        'button',
                        { type: 'button', class: 'link', onclick: () => this.callbacks.onSelect(entry.blockId) },
                        `on “${truncate(names.get(entry.blockId))}”`,
                      )
                    : null,
                ),
              ),
          ),
    );
  }
}

/** The entries newest first; those of the same moment in the order they came, latest first. */
function newestFirst(entries) {
  return entries
    .slice()
    .reverse()
    .sort((a, b) => (Date.parse(b.at) || 0) - (Date.parse(a.at) || 0));
}

function truncate(text) {
  return text.length > 28 ? `${text.slice(0, 27)}…` : text;
}
