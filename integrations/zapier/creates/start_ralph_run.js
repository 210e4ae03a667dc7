'use strict';

const { pick } = require('../lib/api');
const fields = require('../lib/fields');
const { ralphRun, ralphRunSample, ralphRunOutputFields } = require('../lib/ralph');

const MAX_STORIES = 10;
const STORY_PARTS = ['id', 'title', 'description', 'criteria'];
const storyKeys = (n) => STORY_PARTS.map((part) => `story_${n}_${part}`);

// The API takes the Zapier document's fields as they are: prd_json (which wins), or the project fields and
// story_N_id/title/description/criteria (criteria one per line).
const perform = async (z, bundle) => {
  const keys = ['prd_json', 'project_name', 'branch_name', 'project_description', 'codebase_id', 'model', 'max_iterations', 'run_mode'];
  for (let n = 1; n <= MAX_STORIES; n++) keys.push(...storyKeys(n));
  const response = await z.request({ method: 'POST', url: '/v1/ralph/runs', body: pick(bundle.inputData, keys) });
  return ralphRun(response.data);
};

const storyFields = [];
for (let n = 1; n <= MAX_STORIES; n++) {
  const help = (text) => (n === 1 ? { helpText: text } : {});
  storyFields.push(
    { key: `story_${n}_id`, label: `Story ${n} ID`, type: 'string', required: false, ...help('Such as `US-001`.') },
    { key: `story_${n}_title`, label: `Story ${n} Title`, type: 'string', required: false },
    { key: `story_${n}_description`, label: `Story ${n} Description`, type: 'text', required: false },
    { key: `story_${n}_criteria`, label: `Story ${n} Acceptance Criteria`, type: 'text', required: false, ...help('One criterion per line.') },
  );
}

module.exports = {
  key: 'start_ralph_run',
  noun: 'Ralph Run',
  display: {
    label: 'Start Ralph Run',
    description: 'Starts an autonomous Ralph development run from a PRD: Ralph implements the user stories one by one, runs the tests and commits.',
  },
  operation: {
    inputFields: [
      {
        key: 'prd_json',
        label: 'PRD JSON',
        type: 'text',
        required: false,
        helpText: "A whole PRD as JSON, such as Generate PRD via Chat's PRD JSON. Overrides the project and story fields.",
      },
      { key: 'project_name', label: 'Project Name', type: 'string', required: false },
      { key: 'branch_name', label: 'Branch Name', type: 'string', required: false, helpText: 'The git branch Ralph commits to, such as `ralph/exports`.' },
      { key: 'project_description', label: 'Project Description', type: 'text', required: false, helpText: 'What Ralph should build.' },
      ...storyFields,
      fields.codebaseId,
      fields.model,
      { key: 'max_iterations', label: 'Max Iterations', type: 'integer', required: false, helpText: 'Attempts per story before it fails. Default 10.' },
      { key: 'run_mode', label: 'Run Mode', type: 'string', required: false, choices: { sequential: 'Sequential', parallel: 'Parallel' } },
    ],
    perform,
    sample: ralphRunSample,
    outputFields: ralphRunOutputFields,
  },
};
