'use strict';

const { throwProblem } = require('./api');

// A task trigger: a REST hook (POST/DELETE /v1/webhooks/subscriptions) for the event, and GET /v1/automation/tasks
// (newest first) as the polling fallback Zapier uses for samples and while no hook is subscribed.
const POLL_LIMIT = 100;

module.exports = ({ key, noun, display, event, status, shape, sample, outputFields }) => ({
  key,
  noun,
  display,
  operation: {
    type: 'hook',
    performSubscribe: async (z, bundle) => {
      const response = await z.request({
        method: 'POST',
        url: '/v1/webhooks/subscriptions',
        body: { target_url: bundle.targetUrl, event },
      });
      return response.data;
    },
    performUnsubscribe: async (z, bundle) => {
      // Already gone (the platform removes a subscription whose target answered 410): nothing left to do.
      const response = await z.request({
        method: 'DELETE',
        url: `/v1/webhooks/subscriptions/${encodeURIComponent(bundle.subscribeData.id)}`,
        skipThrowForStatus: true,
      });
      if (response.status !== 204 && response.status !== 404) {
        throwProblem(z, response);
      }
      return { id: bundle.subscribeData.id };
    },
    perform: (z, bundle) => [shape(bundle.cleanedRequest)],
    performList: async (z, bundle) => {
      const response = await z.request({
        url: '/v1/automation/tasks',
        params: { ...(status ? { status } : {}), limit: POLL_LIMIT },
      });
      return response.data.tasks.map(shape);
    },
    sample,
    outputFields,
  },
});
