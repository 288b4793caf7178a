/** The layers panel: each layer's visibility and opacity, changed for everyone with `setLayer` ops. */
import { LAYERS } from './canvas-model.js';
import { h } from './dom.js';

export class LayersPanel {
  /** @param onChange(layer, {visible?, opacity?}) */
  constructor(onChange, readOnly) {
    this.controls = LAYERS.map((layer) => {
      const visible = h('input', {
        type: 'checkbox',
        id: `layer-${layer.id}`,
        disabled: readOnly,
        onchange: (event) => onChange(layer.id, { visible: event.target.checked }),
      });
      const opacity = h('input', {
        type: 'range',
        id: `layer-${layer.id}-opacity`,
        min: '0',
        max: '100',
        step: '5',
        disabled: readOnly,
        'aria-label': `${layer.label} opacity`,
        onchange: (event) => onChange(layer.id, { opacity: Number(event.target.value) / 100 }),
      });
      const item = h(
        'li',
        { class: ['layer', `layer-row-${layer.id}`] },
        h('span', { class: ['layer-swatch', `swatch-${layer.id}`], 'aria-hidden': 'true' }),
        h('label', { for: `layer-${layer.id}` }, visible, layer.label),
        opacity,
      );
      return { layer, visible, opacity, item };
    });
    this.element = h(
      'section',
      { class: 'panel-section', 'aria-labelledby': 'layers-title' },
      h('h2', { id: 'layers-title' }, 'Layers'),
      h('ul', { class: 'layers' }, this.controls.map((control) => control.item)),
    );
  }

  render(layers) {
    for (const { layer, visible, opacity } of this.controls) {
      const state = layers[layer.id] ?? { visible: true, opacity: 1 };
      visible.checked = state.visible !== false;
      if (document.activeElement !== opacity) opacity.value = String(Math.round((state.opacity ?? 1) * 100));
      opacity.disabled = visible.disabled || !visible.checked;
    }
  }
}
