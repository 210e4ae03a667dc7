'use strict';

const authentication = require('./authentication');
const { addApiUrlAndToken, throwForProblem } = require('./lib/api');

const triggers = [require('./triggers/new_task'), require('./triggers/task_completed'), require('./triggers/task_failed')];
const creates = [
  require('./creates/create_task'),
  require('./creates/send_message'),
  require('./creates/send_async_message'),
  require('./creates/send_to_agent'),
  require('./creates/start_ralph_run'),
  require('./creates/cancel_task'),
  require('./creates/cancel_ralph_run'),
  require('./creates/create_cronjob'),
  require('./creates/generate_prd'),
];
const searches = [
  require('./searches/find_task'),
  require('./searches/find_ralph_run'),
  require('./searches/find_ralph_runs'),
  require('./searches/find_agent'),
  require('./searches/find_codebase'),
  require('./searches/find_models'),
  require('./searches/get_token_usage'),
];

const byKey = (components) => Object.fromEntries(components.map((component) => [component.key, component]));

module.exports = {
  version: require('./package.json').version,
  platformVersion: require('zapier-platform-core').version,
  authentication,
  beforeRequest: [addApiUrlAndToken],
  afterResponse: [throwForProblem],
  triggers: byKey(triggers),
  creates: byKey(creates),
  searches: byKey(searches),
};
