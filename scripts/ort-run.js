#!/usr/bin/env node
// Runs an ONNX model in ONNX Runtime (CPU) on .npy inputs: the reference peer
// for qfold's tests and benchmarks. ONNX Runtime comes from
// scripts/install-onnxruntime.sh; this script needs no other npm package
// (it reads and writes .npy itself).
//
// usage: node scripts/ort-run.js MODEL.onnx --input in0.npy [--input ...]
//          [--output out0.npy ...] [--bench N] [--threads T] [--ort-dir DIR]
//
// Inputs feed the model's inputs in order; outputs are written in order (the
// first k outputs for k --output flags). --bench N times N runs after a
// warm-up and prints `ort median_us=... min_us=... runs=N`. --ort-dir
// defaults to $QFOLD_ORT_DIR, else build/onnxruntime.
'use strict';

const fs = require('fs');
const path = require('path');

const USAGE =
  'usage: node scripts/ort-run.js MODEL.onnx --input in0.npy [--input ...] ' +
  '[--output out0.npy ...] [--bench N] [--threads T] [--ort-dir DIR]';

class UsageError extends Error {}

// .npy dtype (without byte order) <-> ONNX Runtime tensor type.
const DTYPES = {
  f4: ['float32', Float32Array],
  f8: ['float64', Float64Array],
  i1: ['int8', Int8Array],
  u1: ['uint8', Uint8Array],
  i2: ['int16', Int16Array],
  u2: ['uint16', Uint16Array],
  i4: ['int32', Int32Array],
  u4: ['uint32', Uint32Array],
  i8: ['int64', BigInt64Array],
  u8: ['uint64', BigUint64Array],
  b1: ['bool', Uint8Array],
};

function parseArgs(argv) {
  const args = {
    model: null,
    inputs: [],
    outputs: [],
    bench: 0,
    threads: 1,
    ortDir:
      process.env.QFOLD_ORT_DIR ||
      path.join(__dirname, '..', 'build', 'onnxruntime'),
  };
  const count = (flag, text, min) => {
    if (!/^\d+$/.test(text) || Number(text) < min)
      throw new UsageError(`${flag} wants an integer >= ${min}, got '${text}'`);
    return Number(text);
  };
  const options = {
    '--input': (value) => args.inputs.push(value),
    '--output': (value) => args.outputs.push(value),
    '--bench': (value) => (args.bench = count('--bench', value, 1)),
    '--threads': (value) => (args.threads = count('--threads', value, 1)),
    '--ort-dir': (value) => (args.ortDir = value),
  };
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      console.log(USAGE);
      process.exit(0);
    }
    if (!arg.startsWith('-')) {
      if (args.model !== null)
        throw new UsageError(`more than one model: ${args.model}, ${arg}`);
      args.model = arg;
    } else if (!(arg in options)) {
      throw new UsageError(`unknown option ${arg}`);
    } else if (i + 1 >= argv.length) {
      throw new UsageError(`${arg} wants a value`);
    } else {
      options[arg](argv[++i]);
    }
  }
  if (args.model === null) throw new UsageError('no model given');
  return args;
}

function readNpy(file) {
  const buf = fs.readFileSync(file);
  const bad = (why) => new Error(`${file}: ${why}`);
  if (buf.length < 10 || buf.toString('latin1', 0, 6) !== '\x93NUMPY')
    throw bad('not a .npy file');
  const major = buf[6];
  let headerLen, offset;
  if (major === 1) {
    headerLen = buf.readUInt16LE(8);
    offset = 10;
  } else if (major === 2 || major === 3) {
    headerLen = buf.readUInt32LE(8);
    offset = 12;
  } else {
    throw bad(`unsupported .npy version ${major}`);
  }
  const header = buf.toString(major === 3 ? 'utf8' : 'latin1', offset,
                              offset + headerLen);
  offset += headerLen;

  const descr = /'descr':\s*'([<>|=])([a-z]\d+)'/.exec(header);
  const fortran = /'fortran_order':\s*(True|False)/.exec(header);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shape) throw bad(`bad header ${header.trim()}`);
  const [, order, code] = descr;
  if (!(code in DTYPES)) throw bad(`unsupported dtype ${code}`);
  if (order === '>' && code[1] !== '1') throw bad('big-endian data');
  if (fortran[1] === 'True') throw bad('Fortran-order data');
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s)
                   .map(Number);

  const [type, TypedArray] = DTYPES[code];
  const count = dims.reduce((a, b) => a * b, 1);
  const bytes = count * TypedArray.BYTES_PER_ELEMENT;
  if (buf.length - offset !== bytes)
    throw bad(`${buf.length - offset} data bytes, want ${bytes} for ` +
              `${type}[${dims}]`);
  // Copy into a fresh (aligned) buffer: the data offset need not be aligned.
  const data = new TypedArray(count);
  new Uint8Array(data.buffer).set(buf.subarray(offset));
  return {type, data, dims};
}

function writeNpy(file, tensor) {
  const code = Object.keys(DTYPES).find((c) => DTYPES[c][0] === tensor.type);
  if (code === undefined)
    throw new Error(`${file}: cannot write ${tensor.type} output as .npy`);
  const order = code[1] === '1' ? '|' : '<';
  const shape = tensor.dims.length === 1 ? `(${tensor.dims[0]},)`
                                         : `(${tensor.dims.join(', ')})`;
  let header =
    `{'descr': '${order}${code}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Version 1.0: 10-byte preamble, header padded so the data is 64-aligned.
  header = header.padEnd(Math.ceil((10 + header.length + 1) / 64) * 64 - 11) +
           '\n';
  const preamble = Buffer.alloc(10);
  preamble.write('\x93NUMPY\x01\x00', 0, 'latin1');
  preamble.writeUInt16LE(header.length, 8);
  const data = tensor.data;
  fs.writeFileSync(file, Buffer.concat([
    preamble, Buffer.from(header, 'latin1'),
    Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  ]));
}

function loadOrt(dir) {
  const modulePath = path.join(path.resolve(dir), 'node_modules',
                               'onnxruntime-node');
  try {
    return require(modulePath);
  } catch (error) {
    throw new Error(`cannot load ONNX Runtime from ${modulePath} (run ` +
                    `scripts/install-onnxruntime.sh): ` +
                    error.message.split('\n')[0]);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const ort = loadOrt(args.ortDir);
  const session = await ort.InferenceSession.create(args.model, {
    intraOpNumThreads: args.threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionProviders: ['cpu'],
  });

  const names = session.inputNames;
  if (args.inputs.length !== names.length)
    throw new Error(`${args.model} has ${names.length} inputs ` +
                    `(${names.join(', ')}), got ${args.inputs.length} --input`);
  if (args.outputs.length > session.outputNames.length)
    throw new Error(`${args.model} has ${session.outputNames.length} ` +
                    `outputs, got ${args.outputs.length} --output`);
  const feeds = {};
  names.forEach((name, i) => {
    const {type, data, dims} = readNpy(args.inputs[i]);
    const want = session.inputMetadata[i].type;
    if (type !== want)
      throw new Error(`${args.inputs[i]}: ${type} data, model input ${name} ` +
                      `wants ${want}`);
    feeds[name] = new ort.Tensor(type, data, dims);
  });

  // This first run is also the warm-up for --bench.
  const results = await session.run(feeds);
  args.outputs.forEach((file, i) =>
    writeNpy(file, results[session.outputNames[i]]));

  if (args.bench > 0) {
    const micros = [];
    for (let run = 0; run < args.bench; ++run) {
      const start = process.hrtime.bigint();
      await session.run(feeds);
      micros.push(Number(process.hrtime.bigint() - start) / 1000);
    }
    micros.sort((a, b) => a - b);
    const median = micros[Math.floor(micros.length / 2)];
    console.log(`ort median_us=${median.toFixed(1)} ` +
                `min_us=${micros[0].toFixed(1)} runs=${args.bench}`);
  }
}

main().catch((error) => {
  console.error(`ort-run: ${error.message}`);
  if (error instanceof UsageError) console.error(USAGE);
  process.exit(1);
});
