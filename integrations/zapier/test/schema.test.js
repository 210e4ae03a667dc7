'use strict';

// What `zapier validate --without-style` does, without the CLI (it needs Node.js 22; the machines have 20): it asks
// the app's own zapier-platform-core handler for the 'validate' command, which checks the app against
// zapier-platform-schema. Then the app is held to the document's tables.
const zapier = require('zapier-platform-core');
const App = require('../index');
const document = require('./document');

const kinds = ['triggers', 'creates', 'searches'];

describe('the app definition', () => {
  test('passes Zapier schema validation (the CLI validate command, locally)', async () => {
    const response = await zapier.createAppHandler(App)({ command: 'validate', calledFromCli: true });
    expect(response.results).toEqual([]);
  });

  test('schema validation reports a broken component (the check can fail)', async () => {
    const broken = { ...App, creates: { ...App.creates, broken: { key: 'broken', noun: 'Broken', display: { label: 'Broken', description: 'Broken action.' }, operation: {} } } };
    const response = await zapier.createAppHandler(broken)({ command: 'validate', calledFromCli: true });
    expect(response.results.map((error) => error.property)).toContain('instance.creates.broken.operation');
  });

  test('is version 1.2.0 on the pinned zapier-platform-core', () => {
    expect(App.version).toBe(document.version);
    expect(App.platformVersion).toBe(require('../package.json').dependencies['zapier-platform-core']);
  });

  // The document says "18 components" but lists OAuth2, 3 triggers, 9 actions and 7 searches (20): the lists win.
  test("has the document's components: OAuth2, 3 triggers, 9 actions, 7 searches", () => {
    expect(App.authentication.type).toBe('oauth2');
    expect(kinds.map((kind) => Object.keys(App[kind]).length)).toEqual([3, 9, 7]);
    for (const kind of kinds) {
      expect(Object.keys(App[kind]).sort()).toEqual(Object.keys(document[kind]).sort());
    }
  });

  test("requests the document's scopes and refreshes tokens by itself", () => {
    expect(App.authentication.oauth2Config.scope.split(' ').sort()).toEqual([...document.scopes].sort());
    expect(App.authentication.oauth2Config.autoRefresh).toBe(true);
    expect(typeof App.authentication.oauth2Config.refreshAccessToken).toBe('function');
  });

  for (const kind of kinds) {
    for (const [key, expected] of Object.entries(document[kind])) {
      describe(`${kind}.${key}`, () => {
        const component = App[kind][key];

        test(`is labelled "${expected.label}"`, () => {
          expect(component.display.label).toBe(expected.label);
        });

        if (expected.inputs) {
          test("has the document's input fields, required as the document says", () => {
            const declared = Object.fromEntries(component.operation.inputFields.map((field) => [field.key, Boolean(field.required)]));
            for (const [field, required] of Object.entries(expected.inputs)) {
              expect([field, declared[field]]).toEqual([field, required]);
            }
            // Any field beyond the document's is optional, so every Zap the document describes still works.
            for (const [field, required] of Object.entries(declared)) {
              if (!(field in expected.inputs)) expect([field, required]).toEqual([field, false]);
            }
          });
        }

        if (expected.outputs) {
          test("declares the document's output fields with their types, and its sample has them", () => {
            const declared = Object.fromEntries(component.operation.outputFields.map((field) => [field.key, field.type]));
            for (const [field, type] of Object.entries(expected.outputs)) {
              expect([field, declared[field]]).toEqual([field, type]);
              expect(Object.keys(component.operation.sample)).toContain(field);
            }
          });
        }
      });
    }
  }
});
