import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hottest, percent } from '../../main/resources/web/app/analytics-charts.js';

function cell(hourOfWeek, sends, opens) {
  return { hourOfWeek, label: `h${hourOfWeek}`, sends, opens, clicks: 0, openRate: sends ? opens / sends : 0 };
}

test('the hottest hour has the most opens', () => {
  assert.equal(hottest([cell(0, 120, 10), cell(3, 120, 60), cell(33, 40, 30)]).hourOfWeek, 3);
});

test('among equal opens the hottest hour has the most sends', () => {
  assert.equal(hottest([cell(1, 50, 10), cell(2, 80, 10), cell(5, 70, 10)]).hourOfWeek, 2);
});

test('nothing is hottest when nothing was sent or opened', () => {
  assert.equal(hottest([cell(0, 0, 0), cell(1, 0, 0)]), null);
  assert.equal(hottest([]), null);
});

test('rates read as percentages, a missing one as a dash', () => {
  assert.equal(percent(0.12121), '12.1%');
  assert.equal(percent(NaN), '–');
});
