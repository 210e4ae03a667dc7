-- First start of the compose PostgreSQL: one database per service (each service also migrates its own at start-up).
CREATE DATABASE codetether_gateway;
CREATE DATABASE codetether_tasks;
CREATE DATABASE codetether_workers;
CREATE DATABASE codetether_webhooks;
CREATE DATABASE codetether_scheduler;
CREATE DATABASE codetether_billing;
