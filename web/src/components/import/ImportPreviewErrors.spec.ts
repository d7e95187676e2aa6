import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ImportPreviewErrors from './ImportPreviewErrors.vue';

const errors = [
  { row: 2, column: 'Email', reason: 'Work email "ann@" is not a valid email address' },
  { row: 2, column: 'Band', reason: 'Band "12" is not an Agenda for Change band (use 1–9, 8a–8d, or other)' },
  { row: 5, column: 'Staff number', reason: 'Staff number is missing' },
];

describe('ImportPreviewErrors', () => {
  it('lists one row per problem under Row, Column and Problem headers, with a caption', () => {
    const wrapper = mount(ImportPreviewErrors, { props: { errors, errorCount: 3, invalidRowCount: 2 } });

    const table = wrapper.get('[data-testid="preview-errors"]');
    expect(table.get('caption').text()).toBe('3 problems in 2 rows of the file');
    const headers = table.findAll('thead th');
    expect(headers.map((th) => th.text())).toEqual(['Row', 'Column', 'Problem']);
    expect(headers.every((th) => th.attributes('scope') === 'col')).toBe(true);

    const rows = table.findAll('[data-testid="preview-error-row"]');
    expect(rows).toHaveLength(3);
    expect(rows.map((row) => row.findAll('td').map((td) => td.text()))).toEqual([
      ['2', 'Email', 'Work email "ann@" is not a valid email address'],
      ['2', 'Band', 'Band "12" is not an Agenda for Change band (use 1–9, 8a–8d, or other)'],
      ['5', 'Staff number', 'Staff number is missing'],
    ]);
    expect(wrapper.find('[data-testid="preview-errors-truncated"]').exists()).toBe(false);
  });

  it('says when only the first problems are listed', () => {
    const wrapper = mount(ImportPreviewErrors, { props: { errors, errorCount: 742, invalidRowCount: 610 } });

    expect(wrapper.get('caption').text()).toContain('742 problems in 610 rows of the file');
    expect(wrapper.get('[data-testid="preview-errors-truncated"]').text()).toContain('Showing the first 3');
    expect(wrapper.findAll('[data-testid="preview-error-row"]')).toHaveLength(3);
  });

  it('uses the singular for a single problem', () => {
    const wrapper = mount(ImportPreviewErrors, {
      props: { errors: errors.slice(0, 1), errorCount: 1, invalidRowCount: 1 },
    });

    expect(wrapper.get('caption').text()).toBe('1 problem in 1 row of the file');
  });
});
