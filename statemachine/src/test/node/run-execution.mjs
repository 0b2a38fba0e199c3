// Runs the restore-drill state machine once on aws-local-stepfunctions, with every Task served over HTTP by
// the JUnit test's TaskHost. Used by io.restoredrill.statemachine.harness.LocalExecution.
//
//   node run-execution.mjs <definition.asl.json> <task host base URL> <execution name>   (input JSON on stdin)
//
// Placeholders ${<Name>FunctionArn} become fake Lambda ARNs; each Task whose Resource is one of them is served
// by POST <base URL>/task/<name in lower case>. Wait states and Retry intervals take no time.
// Prints one JSON line on stdout: {"status":"SUCCEEDED","output":...} or {"status":"FAILED","error":...,"cause":...}
// (or TIMED_OUT), plus "iterations": how each Map iteration ended ({index, status, output | error, cause}), and
// "retries": the states retried. Exit code 0 whenever the execution ran to an end; 2 when it could not be run.

import { readFileSync } from 'node:fs';

// aws-local-stepfunctions 3 wants Node 22+ for Promise.withResolvers only; on Node 20 this polyfill stands in.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
// Imported after the polyfill (a static import would be evaluated before it).
const { StateMachine, ExecutionError, ExecutionTimeoutError } = await import('aws-local-stepfunctions');

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function substitutePlaceholders(text) {
  const taskByArn = new Map();
  const substituted = text.replace(/\$\{([A-Za-z0-9]+)FunctionArn\}/g, (_, name) => {
    const task = name.toLowerCase();
    const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:restore-drill-${task}`;
    taskByArn.set(arn, task);
    return arn;
  });
  const left = substituted.match(/\$\{[^}]*\}/g);
  if (left) throw new Error(`placeholders the harness cannot fill: ${left.join(', ')}`);
  return { definition: JSON.parse(substituted), taskByArn };
}

// Overrides are keyed by state name, nested states (Map, Parallel) included.
function* allStates(states) {
  for (const [name, state] of Object.entries(states)) {
    yield [name, state];
    const nested = state.ItemProcessor ?? state.Iterator;
    if (nested) yield* allStates(nested.States);
    for (const branch of state.Branches ?? []) yield* allStates(branch.States);
  }
}

// What Lambda would make of a function error: err.name is the error type Retry and Catch match, and the cause
// is the error payload as JSON, as Step Functions reports it for a Lambda function error.
function functionError(body) {
  const error = new Error(JSON.stringify(body));
  error.name = body.errorType;
  return error;
}

function taskHandler(baseUrl, task) {
  return async (input) => {
    const response = await fetch(`${baseUrl}/task/${task}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const text = await response.text();
    if (response.headers.get('x-amz-function-error')) throw functionError(JSON.parse(text));
    if (!response.ok) throw new Error(`task host answered ${response.status} for ${task}: ${text}`);
    return JSON.parse(text);
  };
}

async function main() {
  const [definitionPath, baseUrl, executionName] = process.argv.slice(2);
  if (!definitionPath || !baseUrl || !executionName) {
    throw new Error('usage: run-execution.mjs <definition.asl.json> <task host base URL> <execution name>');
  }
  const { definition, taskByArn } = substitutePlaceholders(readFileSync(definitionPath, 'utf8'));
  const input = JSON.parse(await readStdin());

  const taskResourceLocalHandlers = {};
  const waitTimeOverrides = {};
  const retryIntervalOverrides = {};
  for (const [name, state] of allStates(definition.States)) {
    if (state.Type === 'Task') {
      const task = taskByArn.get(state.Resource);
      if (!task) throw new Error(`Task state ${name} has a Resource the harness cannot serve: ${state.Resource}`);
      taskResourceLocalHandlers[name] = taskHandler(baseUrl, task);
    }
    if (state.Type === 'Wait') waitTimeOverrides[name] = 0;
    if (state.Retry) retryIntervalOverrides[name] = 0;
  }

  // Validates the definition (ARNs and paths included) before running it.
  const stateMachine = new StateMachine(definition);
  const execution = stateMachine.run(input, {
    overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides },
    context: {
      Execution: {
        Id: `arn:aws:states:${REGION}:${ACCOUNT}:execution:restore-drill:${executionName}`,
        Name: executionName,
      },
      StateMachine: { Id: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:restore-drill`, Name: 'restore-drill' },
    },
  });
  const events = collectEvents(execution.eventLogs);
  const outcome = await ending(execution.result);
  // The event log closes when the execution ends; don't let a log that never closes hold the answer back.
  await Promise.race([events.done, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  return { ...outcome, iterations: events.iterations, retries: events.retries };
}

async function ending(result) {
  try {
    return { status: 'SUCCEEDED', output: await result };
  } catch (error) {
    if (error instanceof ExecutionTimeoutError) return { status: 'TIMED_OUT' };
    if (error instanceof ExecutionError) {
      const cause = error.cause ?? error;
      return { status: 'FAILED', error: cause.name, cause: cause.message };
    }
    throw error;
  }
}

function collectEvents(eventLogs) {
  const iterations = [];
  const retries = [];
  const done = (async () => {
    for await (const event of eventLogs) {
      if (event.type === 'MapIterationSucceeded') {
        iterations.push({ index: event.index, status: 'SUCCEEDED', output: event.output });
      } else if (event.type === 'MapIterationFailed') {
        iterations.push({ index: event.index, status: 'FAILED', error: event.Error, cause: String(event.Cause) });
      } else if (event.type === 'StateRetried') {
        retries.push({ state: event.state?.name, index: event.index ?? null });
      }
    }
  })();
  return { iterations, retries, done };
}

try {
  process.stdout.write(`${JSON.stringify(await main())}\n`);
} catch (error) {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 2;
}
