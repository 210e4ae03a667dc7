'use strict';

const perform = async (z, bundle) => {
  const { name } = bundle.inputData;
  const response = await z.request({ url: '/v1/codebases', params: name ? { name } : {} });
  return response.data.codebases;
};

module.exports = {
  key: 'find_codebase',
  noun: 'Codebase',
  display: { label: 'Find Codebase', description: 'Finds registered codebases, to target tasks and Ralph runs.' },
  operation: {
    inputFields: [{ key: 'name', label: 'Name', type: 'string', required: false, helpText: 'A part of the name; leave empty for any codebase.' }],
    perform,
    sample: {
      id: 'cb_0123456789abcdef0123',
      name: 'webapp',
      path: '/srv/code/webapp',
      worker: 'codetether-worker',
      status: 'online',
      last_seen: '2026-02-10T12:00:00Z',
    },
    outputFields: [
      { key: 'id', label: 'Codebase ID', type: 'string' },
      { key: 'name', label: 'Name', type: 'string' },
      { key: 'path', label: 'Path', type: 'string' },
      { key: 'worker', label: 'Worker (Agent)', type: 'string' },
      { key: 'status', label: 'Status (online, offline)', type: 'string' },
    ],
  },
};
