/**
 * How a task shows in the side panels: its steps with their status, summary and findings, the
 * draft an agent is writing, and the approve / reject controls of a step waiting for a person.
 */
import { h } from './dom.js';
import { findingsOf } from './task-tracker.js';

const STATUS_NAMES = {
  PENDING: 'pending',
  RUNNING: 'running',
  SUCCEEDED: 'done',
  FAILED: 'failed',
  SKIPPED: 'skipped',
  CANCELLED: 'cancelled',
  AWAITING_APPROVAL: 'awaiting approval',
  COMPLETED: 'completed',
  DEGRADED: 'degraded',
};

function statusChip(status) {
  return h('span', { class: ['status', `status-${String(status).toLowerCase()}`] }, STATUS_NAMES[status] ?? status);
}

/** A task asked on a block: what was asked, its steps and what the agents found. */
export function taskCard(task, { drafts, onDecide, canDecide }) {
  const steps = [...task.steps.values()];
  return h(
    'article',
    { class: 'task-card', dataset: { taskId: task.taskId, status: task.status } },
    h(
      'header',
      { class: 'task-card-header' },
      h('strong', {}, task.agent ?? task.playbook ?? 'Task'),
      statusChip(task.status),
    ),
    steps.length === 0 ? h('p', { class: 'hint' }, 'Waiting for the task to start…') : null,
    h('ol', { class: 'steps' }, steps.map((step) => stepItem(task, step, { drafts, onDecide, canDecide }))),
  );
}

function stepItem(task, step, { drafts, onDecide, canDecide }) {
  const findings = findingsOf(step.output);
  const draft = step.status === 'RUNNING' ? drafts.get(task.taskId) : undefined;
  return h(
    'li',
    { class: 'step', dataset: { stepId: step.id, status: step.status } },
    h('div', { class: 'step-line' }, h('span', { class: 'step-name' }, step.agent || step.id), statusChip(step.status)),
    step.summary ? h('p', { class: 'step-summary' }, step.summary) : null,
    draft ? h('p', { class: 'draft', 'aria-live': 'polite' }, draftText(draft)) : null,
    step.error && step.status !== 'SUCCEEDED' ? h('p', { class: 'step-error' }, step.error) : null,
    findings.length
      ? h(
          'ul',
          { class: 'findings' },
          findings.map((finding) =>
            h(
              'li',
              { class: ['finding', `severity-${finding.severity ?? 'info'}`] },
              h('span', { class: 'severity' }, finding.severity ?? 'info'),
              h('span', { class: 'finding-message' }, finding.message ?? finding.rule ?? ''),
              finding.fix ? h('span', { class: 'finding-fix' }, finding.fix) : null,
            ),
          ),
        )
      : null,
    step.decision
      ? h(
          'p',
          { class: 'hint' },
          `${step.decision.approved ? 'Approved' : 'Rejected'} by ${step.decision.by}${step.decision.comment ? `: “${step.decision.comment}”` : ''}`,
        )
      : null,
    step.status === 'AWAITING_APPROVAL' && canDecide ? approvalControls(task, step, onDecide) : null,
  );
}

function draftText(draft) {
  if (typeof draft === 'string') return draft;
  return draft.text ?? draft.delta ?? JSON.stringify(draft);
}

/** Approve and reject buttons, with an optional comment, for a step waiting for a person. */
export function approvalControls(task, step, onDecide) {
  const id = `comment-${task.taskId}-${step.id}`;
  const comment = h('input', { id, class: 'approval-comment', placeholder: 'Comment (optional)', maxlength: 2000 });
  const decide = (decision) => (event) => {
    event.currentTarget.disabled = true;
    onDecide(task.taskId, step.id, decision, comment.value.trim());
  };
  return h(
    'div',
    { class: 'approval', role: 'group', 'aria-label': `Approval of ${step.id}` },
    h('label', { class: 'visually-hidden', for: id }, `Comment on ${step.id}`),
    comment,
    h('div', { class: 'approval-buttons' },
      h('button', { type: 'button', class: 'approve', onclick: decide('approve') }, 'Approve'),
      h('button', { type: 'button', class: 'reject', onclick: decide('reject') }, 'Reject'),
    ),
  );
}
