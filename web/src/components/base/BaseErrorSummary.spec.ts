import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import BaseErrorSummary from './BaseErrorSummary.vue';

describe('BaseErrorSummary', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  function mountWithField() {
    const field = document.createElement('input');
    field.id = 'email';
    document.body.append(field);
    return mount(BaseErrorSummary, {
      attachTo: document.body,
      props: {
        items: [
          { text: 'Enter your email address', href: '#email' },
          { text: 'Sorry, something went wrong' },
        ],
      },
    });
  }

  it('lists each error, linking those that belong to a field', () => {
    const wrapper = mountWithField();

    expect(wrapper.get('h2').text()).toBe('There is a problem');
    expect(wrapper.find('[role="alert"]').exists()).toBe(true);
    const items = wrapper.findAll('li');
    expect(items.map((item) => item.text())).toEqual([
      'Enter your email address',
      'Sorry, something went wrong',
    ]);
    expect(items[0]?.get('a').attributes('href')).toBe('#email');
    expect(items[1]?.find('a').exists()).toBe(false);
    expect(wrapper.attributes('aria-labelledby')).toBe(wrapper.get('h2').attributes('id'));
    wrapper.unmount();
  });

  it('takes focus when shown', () => {
    const wrapper = mountWithField();

    expect(document.activeElement).toBe(wrapper.element);
    wrapper.unmount();
  });

  it('moves focus to the field when an error link is followed', async () => {
    const wrapper = mountWithField();

    await wrapper.get('a[href="#email"]').trigger('click');

    expect(document.activeElement?.id).toBe('email');
    wrapper.unmount();
  });

  it('can be shown without taking focus', () => {
    const wrapper = mount(BaseErrorSummary, {
      attachTo: document.body,
      props: { items: [{ text: 'Trusts could not be shown' }], autofocus: false },
    });

    expect(document.activeElement).not.toBe(wrapper.element);
    wrapper.unmount();
  });
});
