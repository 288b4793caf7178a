import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TaskTracker, findingsOf, taskIdOf } from '../../main/resources/web/app/task-tracker.js';

const plan = {
  steps: [
    { id: 'personalize', agent: 'personalizer', kind: 'agent', dependsOn: [] },
    { id: 'compliance', agent: 'compliance', kind: 'agent', dependsOn: [] },
    { id: 'approve', agent: '', kind: 'approval', dependsOn: ['personalize', 'compliance'] },
    { id: 'certify', agent: 'certifier', kind: 'agent', dependsOn: ['approve'] },
  ],
};

function ev(type, data, at = '2026-01-01T00:00:00Z') {
  return { type, at, data };
}

function released(tracker) {
  tracker.onCanvasEvent(ev('TaskAsked', { taskId: 'k1', blockId: 'b1', playbook: 'email-release', by: 'ana' }));
  tracker.onTaskEvent('k1', ev('TaskSubmitted', { submission: { playbook: 'email-release', plan } }));
  tracker.onTaskEvent('k1', ev('StepStarted', { stepId: 'personalize', attempt: 1 }));
  tracker.onTaskEvent('k1', ev('StepStarted', { stepId: 'compliance', attempt: 1 }));
}

test('names the task of a task stream', () => {
  assert.equal(taskIdOf('Task|acme:01a2-b3'), '01a2-b3');
  assert.equal(taskIdOf('Canvas|acme:c1'), null);
});

test('folds a task asked on a block into its steps, findings and approvals', () => {
  const tracker = new TaskTracker();
  released(tracker);
  const findings = [{ rule: 'postal-address', severity: 'error', message: 'No address', fix: 'Add it' }];
  tracker.onTaskEvent(
    'k1',
    ev('StepSucceeded', { stepId: 'compliance', attempt: 1, output: { data: { score: 7, findings }, summary: 'score 7/10' } }),
  );
  tracker.onTaskEvent('k1', ev('StepSucceeded', { stepId: 'personalize', attempt: 1, output: { data: { problems: [] }, summary: 'ok' } }));
  tracker.onTaskEvent('k1', ev('ApprovalRequested', { stepId: 'approve' }));

  const [task] = tracker.tasksOf('b1');
  assert.equal(task.status, 'AWAITING_APPROVAL');
  assert.equal(task.steps.get('compliance').summary, 'score 7/10');
  assert.deepEqual(findingsOf(task.steps.get('compliance').output), findings);
  assert.deepEqual(
    tracker.pendingApprovals().map(({ task, step }) => `${task.taskId}/${step.id}`),
    ['k1/approve'],
  );
  assert.deepEqual(tracker.tasksOf('b2'), []);
});

test('counts the steps each agent runs now', () => {
  const tracker = new TaskTracker();
  released(tracker);
  tracker.onTaskEvent('k1', ev('StepSucceeded', { stepId: 'personalize', attempt: 1, output: { data: {}, summary: '' } }));

  assert.deepEqual([...tracker.running()], [['compliance', 1]]);
});

test('traces the flows between agents through approvals', () => {
  const tracker = new TaskTracker();
  released(tracker);

  assert.deepEqual(tracker.flows(), [
    { from: 'personalizer', to: 'certifier', tasks: 1 },
    { from: 'compliance', to: 'certifier', tasks: 1 },
  ]);
});

test('a decision and the end of the task show on the timeline, in order', () => {
  const tracker = new TaskTracker();
  released(tracker);
  tracker.onTaskEvent('k1', ev('ApprovalRequested', { stepId: 'approve' }));
  tracker.onTaskEvent('k1', ev('ApprovalDecided', { stepId: 'approve', approved: false, by: 'bo', comment: 'not yet' }));
  tracker.onTaskEvent('k1', ev('StepsSkipped', { stepIds: ['certify'], reason: 'approval rejected' }));
  tracker.onTaskEvent('k1', ev('TaskFinished', { status: 'FAILED', reasons: [] }));

  assert.deepEqual(
    tracker.timeline.map((entry) => entry.kind),
    ['asked', 'submitted', 'started', 'started', 'approval', 'rejected', 'skipped', 'finished'],
  );
  assert.equal(tracker.timeline[5].text, 'bo rejected approve: “not yet”');
  assert.equal(tracker.tasks.get('k1').status, 'FAILED');
  assert.deepEqual(tracker.pendingApprovals(), []);
});

test('task events before the canvas says which block asked are kept for when it does', () => {
  const tracker = new TaskTracker();
  tracker.onTaskEvent('k2', ev('TaskSubmitted', { submission: { plan } }));

  tracker.asked('k2', 'b7', { agent: 'compliance' });

  assert.equal(tracker.tasksOf('b7')[0].steps.size, 4);
});
