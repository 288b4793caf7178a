/**
 * What the canvas knows about the tasks asked from it, folded from their events: each task's block,
 * status and steps, each step's findings, the timeline of everything that happened, and which
 * agents are working right now. Feeds the AI-reasoning layer, the timeline and the mesh view.
 *
 * Pure: it takes events as the live stream hands them on (each once, in order per stream).
 */

/** The task id in a task stream's persistence id (`Task|<tenant>:<taskId>`), or null. */
export function taskIdOf(pid) {
  if (!pid.startsWith('Task|')) return null;
  return pid.slice(pid.indexOf(':') + 1);
}

/** The findings an agent's output reports, whatever the agent calls them. */
export function findingsOf(output) {
  if (!output || typeof output !== 'object') return [];
  const findings = output.findings ?? output.problems ?? [];
  return Array.isArray(findings) ? findings : [];
}

const FINISHED = new Set(['COMPLETED', 'DEGRADED', 'FAILED', 'CANCELLED']);

export class TaskTracker {
  constructor() {
    this.tasks = new Map();
    this.timeline = [];
  }

  /** The task with `taskId`, created empty when first named. */
  task(taskId) {
    let task = this.tasks.get(taskId);
    if (!task) {
      task = { taskId, blockId: null, agent: null, playbook: null, status: 'PENDING', steps: new Map() };
      this.tasks.set(taskId, task);
    }
    return task;
  }

  /** Records that `taskId` was asked on `blockId` (a canvas's `TaskAsked`, or an `ask`'s ack). */
  asked(taskId, blockId, { agent = null, playbook = null, at = null, by = null } = {}) {
    const task = this.task(taskId);
    task.blockId = blockId ?? task.blockId;
    task.agent = agent ?? task.agent;
    task.playbook = playbook ?? task.playbook;
    if (at) this.note(task, at, 'asked', `${by ?? 'Someone'} asked ${agent ?? playbook}`);
  }

  /** Folds one event of a canvas's stream; returns whether it concerned tasks. */
  onCanvasEvent(event) {
    if (event.type !== 'TaskAsked') return false;
    const data = event.data ?? {};
    this.asked(data.taskId, data.blockId, { ...data, at: event.at });
    return true;
  }

  /** Folds one event of task `taskId`'s stream. */
  onTaskEvent(taskId, event) {
    const task = this.task(taskId);
    const data = event.data ?? {};
    const step = data.stepId ? this.step(task, data.stepId) : null;
    switch (event.type) {
      case 'TaskSubmitted':
        this.onSubmitted(task, data);
        this.note(task, event.at, 'submitted', `Task started: ${task.playbook ?? task.agent ?? 'plan'}`);
        break;
      case 'StepStarted':
        Object.assign(step, { status: 'RUNNING', attempts: data.attempt, startedAt: event.at });
        this.note(task, event.at, 'started', `${label(step)} started`, step.id);
        break;
      case 'StepSucceeded':
        Object.assign(step, {
          status: 'SUCCEEDED',
          output: data.output?.data,
          summary: data.output?.summary ?? '',
        });
        this.note(task, event.at, 'succeeded', `${label(step)}: ${step.summary || 'done'}`, step.id);
        break;
      case 'StepAttemptFailed':
        step.error = data.error;
        this.note(task, event.at, 'retry', `${label(step)} attempt ${data.attempt} failed: ${data.error}`, step.id);
        break;
      case 'StepFailed':
        Object.assign(step, { status: 'FAILED', error: data.error });
        this.note(task, event.at, 'failed', `${label(step)} failed: ${data.error}`, step.id);
        break;
      case 'StepsSkipped':
        for (const id of data.stepIds ?? []) this.step(task, id).status = 'SKIPPED';
        this.note(task, event.at, 'skipped', `Skipped ${(data.stepIds ?? []).join(', ')}: ${data.reason}`);
        break;
      case 'ApprovalRequested':
        step.status = 'AWAITING_APPROVAL';
        task.status = 'AWAITING_APPROVAL';
        this.note(task, event.at, 'approval', `Waiting for approval of ${step.id}`, step.id);
        break;
      case 'ApprovalDecided':
        Object.assign(step, {
          status: data.approved ? 'SUCCEEDED' : 'FAILED',
          decision: { approved: data.approved, by: data.by, comment: data.comment },
        });
        task.status = 'RUNNING';
        this.note(
          task,
          event.at,
          data.approved ? 'approved' : 'rejected',
          `${data.by} ${data.approved ? 'approved' : 'rejected'} ${step.id}${data.comment ? `: “${data.comment}”` : ''}`,
          step.id,
        );
        break;
      case 'TaskCancelled':
        task.status = 'CANCELLED';
        this.note(task, event.at, 'cancelled', `Cancelled by ${data.by}`);
        break;
      case 'TaskFinished':
        task.status = data.status;
        this.note(task, event.at, 'finished', `Task ${String(data.status).toLowerCase()}`);
        break;
      default:
        return;
    }
    if (!FINISHED.has(task.status) && task.status !== 'AWAITING_APPROVAL') task.status = 'RUNNING';
  }

  onSubmitted(task, data) {
    const submission = data.submission ?? {};
    task.playbook = submission.playbook || task.playbook;
    for (const planned of submission.plan?.steps ?? []) {
      Object.assign(this.step(task, planned.id), {
        agent: planned.agent || null,
        kind: planned.kind,
        dependsOn: planned.dependsOn ?? [],
      });
    }
  }

  step(task, stepId) {
    let step = task.steps.get(stepId);
    if (!step) {
      step = { id: stepId, agent: null, kind: 'agent', dependsOn: [], status: 'PENDING', attempts: 0 };
      task.steps.set(stepId, step);
    }
    return step;
  }

  note(task, at, kind, text, stepId = null) {
    this.timeline.push({ at, kind, text, taskId: task.taskId, blockId: task.blockId, stepId });
  }

  /** The tasks asked on `blockId`, newest last. */
  tasksOf(blockId) {
    return [...this.tasks.values()].filter((task) => task.blockId === blockId);
  }

  /** The approval steps waiting for a decision, with their tasks. */
  pendingApprovals() {
    const pending = [];
    for (const task of this.tasks.values()) {
      for (const step of task.steps.values()) {
        if (step.status === 'AWAITING_APPROVAL') pending.push({ task, step });
      }
    }
    return pending;
  }

  /** How many steps each agent is running now, from the events of this canvas's tasks. */
  running() {
    const counts = new Map();
    for (const task of this.tasks.values()) {
      for (const step of task.steps.values()) {
        if (step.status === 'RUNNING' && step.agent) {
          counts.set(step.agent, (counts.get(step.agent) ?? 0) + 1);
        }
      }
    }
    return counts;
  }

  /**
   * The flows between agents: one per pair where a step of one agent feeds a step of the other,
   * through approvals in between, with how many tasks have it.
   */
  flows() {
    const flows = new Map();
    for (const task of this.tasks.values()) {
      for (const step of task.steps.values()) {
        if (!step.agent) continue;
        for (const source of agentsFeeding(task, step)) {
          const key = `${source}→${step.agent}`;
          flows.set(key, { from: source, to: step.agent, tasks: (flows.get(key)?.tasks ?? 0) + 1 });
        }
      }
    }
    return [...flows.values()];
  }
}

function agentsFeeding(task, step, seen = new Set()) {
  const sources = new Set();
  for (const id of step.dependsOn) {
    if (seen.has(id)) continue;
    seen.add(id);
    const dependency = task.steps.get(id);
    if (!dependency) continue;
    if (dependency.agent) sources.add(dependency.agent);
    else for (const agent of agentsFeeding(task, dependency, seen)) sources.add(agent);
  }
  return sources;
}

function label(step) {
  return step.agent && step.agent !== step.id ? `${step.agent} (${step.id})` : step.id;
}
