// Monaco's workers for GraphiQL's editors, built as files of their own by web/build.mjs and served beside this bundle.
(
  globalThis as unknown as { MonacoEnvironment: { getWorker(workerId: string, label: string): Worker } }
).MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    if (label === 'graphql') return new Worker('/graphiql/graphql.worker.js');
    if (label === 'json') return new Worker('/graphiql/json.worker.js');
    return new Worker('/graphiql/editor.worker.js');
  },
};

export {};
