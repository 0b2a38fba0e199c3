// Runs a restore-drill state machine once on aws-local-stepfunctions, with every Task served over HTTP by the JUnit
// test's TaskHost. Used by io.restoredrill.statemachine.harness.LocalExecution.
//
//   node run-execution.mjs <definition.asl.json> <task host base URL> <execution name>   (input JSON on stdin)
//
// Placeholders ${<Name>FunctionArn} become fake Lambda ARNs; each Task whose Resource is one of them is served
// by POST <base URL>/task/<name in lower case>. Wait states and Retry intervals take no time.
//
// Distributed Map: aws-local-stepfunctions 3.0.0 runs a Map whose ProcessorConfig.Mode is DISTRIBUTED as an inline
// one (iterations in this execution, items from ItemsPath) and emulates neither ItemReader nor ResultWriter. So this
// harness rewrites such a Map before running it:
//   - ItemReader (s3:getObject, JSON) becomes a state "<Map> ItemReader" placed before the Map: it reads the object
//     the ItemReader names (Parameters evaluated on the Map's input) from the task host's object store
//     (GET <base URL>/s3/<bucket>/<key>, where the simulated plan wrote it) into $.__items, and the Map iterates
//     over ItemsPath $.__items;
//   - ResultWriter (s3:putObject) becomes a state "<Map> ResultWriter" placed after the Map: it writes the Map Run's
//     results to the object store in the layout of the Developer Guide's "ResultWriter" page (manifest.json and
//     SUCCEEDED_0.json under <Prefix>/<map run id>/) and replaces the Map's output at its ResultPath with what the
//     Map outputs on AWS when it has a ResultWriter: {"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}.
// The added states and $.__items are the harness's, not the definition's: the trace below leaves them out, and leaves
// out the Map's own local output (the array of results AWS does not hold in the state).
//
// Prints one JSON line on stdout: {"status":"SUCCEEDED","output":...} or {"status":"FAILED","error":...,"cause":...}
// (or TIMED_OUT), plus "iterations": how each Map iteration ended ({index, status, input, output | error, cause}),
// "retries": the states retried, and "executions": per execution (the parent as "parent", each Map iteration, i.e.
// each child execution on AWS, by its index) the states entered by name and by type, retries, the seconds its Wait
// states would have waited, and its largest state input or output in bytes (and which state).
// Exit code 0 whenever the execution ran to an end; 2 when it could not be run.

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

const HARNESS_ITEMS = '__items';
const READER_SUFFIX = ' ItemReader';
const WRITER_SUFFIX = ' ResultWriter';
const HARNESS_ARN = (what) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:local-harness-${what}`;

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

// A reference path such as $.plan.items.bucket, evaluated on a JSON value (enough for the definitions' paths).
function valueAt(path, value) {
  if (path === '$') return value;
  if (!path.startsWith('$.')) throw new Error(`the harness evaluates only simple paths, not ${path}`);
  return path.slice(2).split('.').reduce((node, key) => (node == null ? undefined : node[key]), value);
}

function setAt(path, value, replacement) {
  const keys = path.slice(2).split('.');
  const last = keys.pop();
  const parent = keys.reduce((node, key) => node[key], value);
  parent[last] = replacement;
  return value;
}

function parameter(parameters, name, input) {
  if (parameters[`${name}.$`] !== undefined) return valueAt(parameters[`${name}.$`], input);
  return parameters[name];
}

function retarget(states, from, to) {
  for (const state of Object.values(states)) {
    if (state.Next === from) state.Next = to;
    if (state.Default === from) state.Default = to;
    for (const choice of state.Choices ?? []) if (choice.Next === from) choice.Next = to;
    for (const catcher of state.Catch ?? []) if (catcher.Next === from) catcher.Next = to;
  }
}

// Rewrites each top-level Distributed Map's ItemReader and ResultWriter into harness states (see the header).
function emulateDistributedMaps(definition, baseUrl, executionName, iterationInputs) {
  const handlers = {};
  const harnessStates = new Set();
  for (const [name, map] of Object.entries({ ...definition.States })) {
    if (map.Type !== 'Map' || map.ItemProcessor?.ProcessorConfig?.Mode !== 'DISTRIBUTED') continue;
    if (map.ItemReader) {
      const reader = map.ItemReader;
      if (reader.Resource !== 'arn:aws:states:::s3:getObject' || reader.ReaderConfig?.InputType !== 'JSON') {
        throw new Error(`the harness emulates only a JSON s3:getObject ItemReader, not ${JSON.stringify(reader)}`);
      }
      const readerName = name + READER_SUFFIX;
      definition.States[readerName] = {
        Type: 'Task', Resource: HARNESS_ARN('item-reader'), ResultPath: `$.${HARNESS_ITEMS}`, Next: name,
      };
      retarget(definition.States, name, readerName);
      definition.States[readerName].Next = name;
      if (definition.StartAt === name) definition.StartAt = readerName;
      handlers[readerName] = async (input) => {
        const bucket = parameter(reader.Parameters, 'Bucket', input);
        const key = parameter(reader.Parameters, 'Key', input);
        const response = await fetch(`${baseUrl}/s3/${bucket}/${key}`);
        if (!response.ok) throw new Error(`ItemReader: no object s3://${bucket}/${key} (${response.status})`);
        const items = await response.json();
        if (!Array.isArray(items)) throw new Error(`ItemReader: s3://${bucket}/${key} is not a JSON array`);
        return items;
      };
      delete map.ItemReader;
      map.ItemsPath = `$.${HARNESS_ITEMS}`;
      harnessStates.add(readerName);
    }
    if (map.ResultWriter) {
      const writer = map.ResultWriter;
      const resultPath = map.ResultPath ?? '$';
      const writerName = name + WRITER_SUFFIX;
      definition.States[writerName] = {
        Type: 'Task', Resource: HARNESS_ARN('result-writer'), ResultPath: resultPath,
        ...(map.End ? { End: true } : { Next: map.Next }),
      };
      delete map.End;
      map.Next = writerName;
      handlers[writerName] = async (input) => {
        const results = valueAt(resultPath, input);
        const bucket = parameter(writer.Parameters, 'Bucket', input);
        const prefix = parameter(writer.Parameters, 'Prefix', input) ?? '';
        const mapRunId = `local-${executionName}`;
        const mapRunArn = `arn:aws:states:${REGION}:${ACCOUNT}:mapRun:restore-drill/${name}:${mapRunId}`;
        const folder = `${prefix ? `${prefix}/` : ''}${mapRunId}`;
        const now = new Date().toISOString();
        const succeeded = results.map((output, index) => ({
          ExecutionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:restore-drill/${name}:${index}`,
          Input: JSON.stringify(iterationInputs.get(index) ?? null),
          InputDetails: { Included: true },
          Name: String(index),
          Output: JSON.stringify(output),
          OutputDetails: { Included: true },
          RedriveCount: 0,
          RedriveStatus: 'NOT_REDRIVABLE',
          StartDate: now,
          StateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:restore-drill/${name}`,
          Status: 'SUCCEEDED',
          StopDate: now,
        }));
        const resultsKey = `${folder}/SUCCEEDED_0.json`;
        const body = JSON.stringify(succeeded);
        await put(baseUrl, bucket, resultsKey, body);
        const manifest = {
          DestinationBucket: bucket,
          MapRunArn: mapRunArn,
          ResultFiles: { FAILED: [], PENDING: [], SUCCEEDED: [{ Key: resultsKey, Size: Buffer.byteLength(body) }] },
        };
        await put(baseUrl, bucket, `${folder}/manifest.json`, JSON.stringify(manifest));
        return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: `${folder}/manifest.json` } };
      };
      delete map.ResultWriter;
      harnessStates.add(writerName);
    }
  }
  return { handlers, harnessStates };
}

async function put(baseUrl, bucket, key, body) {
  const response = await fetch(`${baseUrl}/s3/${bucket}/${key}`, { method: 'PUT', body });
  if (!response.ok) throw new Error(`ResultWriter: cannot write s3://${bucket}/${key} (${response.status})`);
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
  const waitOf = waitSecondsByState(definition);
  const iterationInputs = new Map();
  const { handlers: harnessHandlers, harnessStates } =
    emulateDistributedMaps(definition, baseUrl, executionName, iterationInputs);

  const taskResourceLocalHandlers = { ...harnessHandlers };
  const waitTimeOverrides = {};
  const retryIntervalOverrides = {};
  for (const [name, state] of allStates(definition.States)) {
    if (state.Type === 'Task' && !harnessStates.has(name)) {
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
  const events = collectEvents(execution.eventLogs, { waitOf, harnessStates, iterationInputs });
  const outcome = await ending(execution.result);
  // The event log closes when the execution ends; don't let a log that never closes hold the answer back.
  await Promise.race([events.done, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  const iterations = events.iterations.map((iteration) => ({ ...iteration, input: iterationInputs.get(iteration.index) }));
  return { ...outcome, iterations, retries: events.retries, executions: events.executions };
}

// How long each Wait state waits, as a function of its input (Seconds, or SecondsPath on the input).
function waitSecondsByState(definition) {
  const waits = new Map();
  for (const [name, state] of allStates(definition.States)) {
    if (state.Type !== 'Wait') continue;
    if (state.Seconds !== undefined) waits.set(name, () => state.Seconds);
    else if (state.SecondsPath) waits.set(name, (input) => Number(valueAt(state.SecondsPath, input)));
    else throw new Error(`Wait state ${name}: the harness models Seconds and SecondsPath only`);
  }
  return waits;
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

function size(value) {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value));
}

function withoutHarnessItems(value) {
  if (value === null || typeof value !== 'object' || !(HARNESS_ITEMS in value)) return value;
  const { [HARNESS_ITEMS]: _, ...rest } = value;
  return rest;
}

function collectEvents(eventLogs, { waitOf, harnessStates, iterationInputs }) {
  const iterations = [];
  const retries = [];
  const executions = {};
  const traceOf = (index) => {
    const key = index === undefined || index === null ? 'parent' : String(index);
    executions[key] ??= {
      statesByName: {}, statesByType: {}, retries: 0, waitedSeconds: 0, largestPayloadBytes: 0,
      largestPayloadState: null,
    };
    return executions[key];
  };
  const measure = (trace, stateName, value) => {
    const bytes = size(withoutHarnessItems(value));
    if (bytes > trace.largestPayloadBytes) {
      trace.largestPayloadBytes = bytes;
      trace.largestPayloadState = stateName;
    }
  };
  const done = (async () => {
    for await (const event of eventLogs) {
      if (event.type === 'StateEntered' && !harnessStates.has(event.state.name)) {
        const trace = traceOf(event.index);
        const { name, type, input } = event.state;
        trace.statesByName[name] = (trace.statesByName[name] ?? 0) + 1;
        trace.statesByType[type] = (trace.statesByType[type] ?? 0) + 1;
        if (type === 'Wait') trace.waitedSeconds += waitOf.get(name)(input);
        measure(trace, name, input);
      } else if (event.type === 'StateExited' && !harnessStates.has(event.state.name)) {
        // A Map's local output is the array of results; with a ResultWriter, AWS holds a reference instead.
        if (event.state.type !== 'Map') measure(traceOf(event.index), event.state.name, event.state.output);
      } else if (event.type === 'MapIterationStarted') {
        iterationInputs.set(event.index, event.input);
        traceOf(event.index);
      }
      if (event.type === 'StateRetried') traceOf(event.index).retries += 1;
      if (event.type === 'MapIterationSucceeded') {
        iterations.push({ index: event.index, status: 'SUCCEEDED', output: event.output });
      } else if (event.type === 'MapIterationFailed') {
        iterations.push({ index: event.index, status: 'FAILED', error: event.Error, cause: String(event.Cause) });
      } else if (event.type === 'StateRetried') {
        retries.push({ state: event.state?.name, index: event.index ?? null });
      }
    }
  })();
  return { iterations, retries, executions, done };
}

try {
  process.stdout.write(`${JSON.stringify(await main())}\n`);
} catch (error) {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 2;
}
