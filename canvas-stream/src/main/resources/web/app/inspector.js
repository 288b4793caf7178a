/**
 * The side panel for the selected block: its content fields, asking an agent or a playbook about
 * it, and the AI-reasoning layer in full (each task asked on it, its steps and their findings).
 */
import { CONTENT_FIELDS } from './canvas-model.js';
import { h, replace } from './dom.js';
import { typeName } from './stage.js';
import { taskCard } from './task-views.js';

const FIELD_LABELS = { text: 'Text', src: 'Image address (https:)', alt: 'Alternative text', href: 'Link' };

export class Inspector {
  /**
   * @param callbacks {onEdit(id, content), onDelete(id), onAsk(blockId, {agent|playbook}),
   *     onDecide(taskId, stepId, decision, comment)}
   */
  constructor(callbacks, readOnly) {
    this.callbacks = callbacks;
    this.readOnly = readOnly;
    this.blockId = undefined;
    this.fields = h('div', { class: 'inspector-fields' });
    this.ask = h('div', { class: 'inspector-ask' });
    this.reasoning = h('div', { class: 'inspector-reasoning', 'aria-live': 'polite' });
    this.reasoningKey = '';
    this.element = h('div', { class: 'inspector' }, this.fields, this.ask, this.reasoning);
  }

  render({ block, tracker, taskVersion, drafts, agents, playbooks, live }) {
    if (!block) {
      if (this.blockId !== null) {
        this.blockId = null;
        replace(this.fields, h('p', { class: 'hint empty-panel' }, 'Select a block to edit it and to ask agents about it.'));
        replace(this.ask);
        replace(this.reasoning);
      }
      return;
    }
    if (block.id !== this.blockId) {
      this.blockId = block.id;
      this.buildFields(block);
      this.buildAsk(block);
      this.reasoningKey = '';
    }
    this.updateFields(block);
    this.updateAsk(agents, playbooks, live);
    const key = `${block.id}:${taskVersion}:${drafts.size}`;
    if (key !== this.reasoningKey) {
      this.reasoningKey = key;
      const tasks = tracker.tasksOf(block.id);
      replace(
        this.reasoning,
        h('h3', {}, 'AI reasoning'),
        tasks.length === 0
          ? h('p', { class: 'hint' }, 'No agent has looked at this block yet.')
          : tasks
              .slice()
              .reverse()
              .map((task) => taskCard(task, { drafts, onDecide: this.callbacks.onDecide, canDecide: !this.readOnly })),
      );
    }
  }

  buildFields(block) {
    const inputs = CONTENT_FIELDS[block.type].map((field) => {
      const id = `field-${field}`;
      const multiline = field === 'text' && block.type === 'text';
      const input = h(multiline ? 'textarea' : 'input', {
        id,
        name: field,
        rows: multiline ? 5 : undefined,
        type: multiline ? undefined : field === 'src' || field === 'href' ? 'url' : 'text',
        readonly: this.readOnly,
        dataset: { field },
        // An emptied field is cleared, as the server has no empty URLs.
        onchange: (event) => this.callbacks.onEdit(block.id, { [field]: event.target.value.trim() || null }),
      });
      return h('div', { class: 'field' }, h('label', { for: id }, FIELD_LABELS[field]), input);
    });
    replace(
      this.fields,
      h(
        'div',
        { class: 'inspector-title' },
        h('h2', {}, typeName(block.type)),
        this.readOnly
          ? null
          : h('button', { type: 'button', class: 'danger ghost', onclick: () => this.callbacks.onDelete(block.id) }, 'Delete'),
      ),
      inputs,
      h('p', { class: 'hint position' }),
    );
  }

  updateFields(block) {
    for (const input of this.fields.querySelectorAll('[data-field]')) {
      if (document.activeElement !== input) input.value = block.content[input.dataset.field] ?? '';
    }
    this.fields.querySelector('.position').textContent = `Position ${block.x}, ${block.y}`;
  }

  buildAsk(block) {
    if (this.readOnly) {
      replace(this.ask);
      return;
    }
    this.askSelect = h('select', { id: 'ask-target', name: 'ask-target' });
    this.askButton = h('button', { type: 'submit', class: 'primary' }, 'Ask');
    this.askOptionsKey = '';
    replace(
      this.ask,
      h(
        'form',
        {
          class: 'ask-form',
          onsubmit: (event) => {
            event.preventDefault();
            const [kind, name] = this.askSelect.value.split(':');
            if (name) this.callbacks.onAsk(block.id, { [kind]: name });
          },
        },
        h('label', { for: 'ask-target' }, 'Ask an agent or run a playbook on this block'),
        h('div', { class: 'inline-form' }, this.askSelect, this.askButton),
      ),
    );
  }

  updateAsk(agents, playbooks, live) {
    if (!this.askSelect) return;
    const key = JSON.stringify([agents.map((a) => a.name), playbooks.map((p) => p.name)]);
    if (key !== this.askOptionsKey) {
      this.askOptionsKey = key;
      const selected = this.askSelect.value;
      replace(
        this.askSelect,
        h('optgroup', { label: 'Agents' }, agents.map((agent) => h('option', { value: `agent:${agent.name}`, title: agent.description }, agent.name))),
        h(
          'optgroup',
          { label: 'Playbooks' },
          playbooks.map((playbook) => h('option', { value: `playbook:${playbook.name}`, title: playbook.description }, playbook.name)),
        ),
      );
      if (selected) this.askSelect.value = selected;
    }
    this.askButton.disabled = !live || !this.askSelect.value;
  }
}
