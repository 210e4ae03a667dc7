'use strict';

const { throwProblem } = require('../lib/api');
const { ralphRun, ralphRunSample, ralphRunOutputFields } = require('../lib/ralph');

const perform = async (z, bundle) => {
  const response = await z.request({ url: `/v1/ralph/runs/${encodeURIComponent(bundle.inputData.run_id)}`, skipThrowForStatus: true });
  if (response.status === 404) return [];
  throwProblem(z, response);
  return [ralphRun(response.data)];
};

module.exports = {
  key: 'find_ralph_run',
  noun: 'Ralph Run',
  display: { label: 'Find Ralph Run', description: "Finds a Ralph run by ID: its status, progress, stories' results and timing." },
  operation: {
    inputFields: [{ key: 'run_id', label: 'Ralph Run ID', type: 'string', required: true }],
    perform,
    sample: ralphRunSample,
    outputFields: ralphRunOutputFields,
  },
};
