import { describe, it, expect } from 'vitest';
import {
  distinctExamples,
  renderTemplate,
  templateVariablesIn,
  type RenderResult,
  type TemplateValues,
} from '../../../api/domain/templates.js';

const values: TemplateValues = {
  'customer.name': 'Ann',
  'customer.handle': '@ann',
  'agent.name': 'Bob',
  'case.number': 42,
};

describe('templateVariablesIn', () => {
  it.each<[string, string[], string[]]>([
    ['no variables here', [], []],
    ['Hi {{customer.name}}', ['customer.name'], []],
    ['Hi {{ customer.name }}, I am {{agent.name}}', ['customer.name', 'agent.name'], []],
    ['{{agent.name}} {{customer.name}} {{ agent.name }}', ['agent.name', 'customer.name'], []],
    ['Hi {{customer.email}} and {{customer.name}}', ['customer.email', 'customer.name'], ['customer.email']],
    ['{{ x }}{{x}}', ['x'], ['x']],
    ['Hi {{customer.name}', [], []],
    ['Hi {{ }}', [], []],
  ])('%j uses %j, unknown %j', (body, variables, unknown) => {
    expect(templateVariablesIn(body)).toEqual({ variables, unknown });
  });
});

describe('renderTemplate', () => {
  it.each<[string, string, TemplateValues, RenderResult]>([
    ['fills every variable', 'Hi {{customer.name}}, {{agent.name}} here (case #{{case.number}}).', values,
      { ok: true, text: 'Hi Ann, Bob here (case #42).' }],
    ['allows whitespace inside braces', 'Hi {{  customer.handle\t}}!', values, { ok: true, text: 'Hi @ann!' }],
    ['fills a repeated variable each time', '{{customer.name}}, yes {{ customer.name }}.', values,
      { ok: true, text: 'Ann, yes Ann.' }],
    ['leaves text without variables alone', '  Thanks!\n{ single braces } stay  ', {},
      { ok: true, text: '  Thanks!\n{ single braces } stay  ' }],
    ['renders a zero case number', 'Case {{case.number}}', { 'case.number': 0 }, { ok: true, text: 'Case 0' }],
    ['inserts values literally without expanding them again', 'Hi {{customer.name}}',
      { 'customer.name': '{{agent.name}}', 'agent.name': 'Bob' }, { ok: true, text: 'Hi {{agent.name}}' }],
    ['keeps a value\'s own spacing', 'Hi {{customer.name}}!', { 'customer.name': ' Ann ' },
      { ok: true, text: 'Hi  Ann !' }],
  ])('%s', (_label, body, given, expected) => {
    expect(renderTemplate(body, given)).toEqual(expected);
  });

  it.each<[string, string, TemplateValues, string[]]>([
    ['an undefined value', 'Hi {{customer.name}}', {}, ['customer.name']],
    ['a null value', 'Hi {{customer.name}}', { 'customer.name': null }, ['customer.name']],
    ['an empty value', 'Hi {{customer.name}}', { 'customer.name': '' }, ['customer.name']],
    ['a whitespace-only value', 'Hi {{customer.name}}', { 'customer.name': ' \t\n' }, ['customer.name']],
    ['an unknown variable', 'Hi {{customer.email}}', values, ['customer.email']],
    ['every problem once, in order', '{{agent.name}} {{customer.email}} {{customer.name}} {{agent.name}}',
      { 'customer.name': 'Ann' }, ['agent.name', 'customer.email']],
    ['an unclosed variable', 'Hi {{customer.name}, thanks', values, ['{{customer.name}']],
    ['an unopened variable', 'Hi {customer.name}}, thanks', values, ['{customer.name}}']],
    ['stray opening braces', 'Hi {{', values, ['{{']],
    ['stray closing braces', 'done }}', values, ['}}']],
    ['empty braces', 'Hi {{ }}', values, ['{{ }}']],
    ['a malformed fragment next to a missing value', '{{customer.name}} and {{agent.name}', {},
      ['customer.name', '{{agent.name}']],
  ])('refuses %s', (_label, body, given, missing) => {
    expect(renderTemplate(body, given)).toEqual({ ok: false, missing });
  });

  it.each(['{{{customer.name}}}}', 'a {{ b', 'a }} b', '{{agent.name}}}}'])(
    'never lets double braces from the body %j reach the text',
    (body) => {
      expect(renderTemplate(body, values).ok).toBe(false);
    },
  );
});

describe('distinctExamples', () => {
  it('keeps each post once, ignoring case and spacing, the first as written and in order', () => {
    expect(distinctExamples(['Screen  cracked', 'where is my parcel', 'screen cracked', 'SCREEN\tCRACKED', 'Where is my parcel?']))
      .toEqual(['Screen  cracked', 'where is my parcel', 'Where is my parcel?']);
  });
});
