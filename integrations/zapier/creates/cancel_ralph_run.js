'use strict';

const { ralphRun, ralphRunSample, ralphRunOutputFields } = require('../lib/ralph');

const perform = async (z, bundle) =>
  ralphRun((await z.request({ method: 'POST', url: `/v1/ralph/runs/${encodeURIComponent(bundle.inputData.run_id)}/cancel` })).data);

module.exports = {
  key: 'cancel_ralph_run',
  noun: 'Ralph Run',
  display: {
    label: 'Cancel Ralph Run',
    description: 'Cancels a running Ralph run. It stops once the current iteration completes.',
  },
  operation: {
    inputFields: [{ key: 'run_id', label: 'Ralph Run ID', type: 'string', required: true }],
    perform,
    sample: { ...ralphRunSample, cancel_requested: true },
    outputFields: ralphRunOutputFields,
  },
};
