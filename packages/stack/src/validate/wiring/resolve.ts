import { nearestName } from '../../nearest.js';
import { splitAddress } from '../../render/endpoints.js';
import type { KnownService } from '../chart-services.js';
import type { Inventory } from './inventory.js';

/** A Service a URL or address points at, and the port it dials. */
export interface ServiceTarget {
  readonly name: string;
  readonly namespace: string;
  readonly port: number;
}

/**
 * The in-cluster Service an address names: `name.ns.svc.cluster.local`, `name.ns.svc`, `name.ns`
 * or a bare `name` (resolved in `defaultNamespace`, as the pod's DNS search path does). Addresses
 * outside the cluster (IPs, public names) give undefined: they are not the stack's to check.
 */
export function serviceTarget(address: string, defaultNamespace: string, knownNamespaces?: ReadonlySet<string>): ServiceTarget | undefined {
  const split = splitAddress(address) ?? (/^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? undefined : { host: address, port: 80 });
  if (!split) return undefined;
  const host = split.host.toLowerCase();
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host === 'localhost') return undefined;
  const parts = host.replace(/\.svc\.cluster\.local$/, '.svc').split('.');
  if (parts.length === 1) return { name: parts[0] ?? host, namespace: defaultNamespace, port: split.port };
  if (parts.length === 3 && parts[2] === 'svc') return { name: parts[0] ?? '', namespace: parts[1] ?? '', port: split.port };
  // `name.namespace` and `example.com` look alike: only a namespace the stack knows makes it a Service.
  if (parts.length === 2 && (!knownNamespaces || knownNamespaces.has(parts[1] ?? ''))) return { name: parts[0] ?? '', namespace: parts[1] ?? '', port: split.port };
  return undefined;
}

/** What is wrong with a target, or undefined when a rendered Service answers on that port. */
export function targetProblem(inventory: Inventory, target: ServiceTarget): { message: string; fix?: string; service?: KnownService } | undefined {
  const service = inventory.service(target.name, target.namespace);
  if (!service) {
    const inNamespace = inventory.services.filter((s) => s.namespace === target.namespace).map((s) => s.name);
    const nearest = nearestName(target.name, inNamespace);
    return {
      message: `no Service "${target.name}" in namespace "${target.namespace}" is created by the rendered stack`,
      fix: nearest ? `did you mean "${nearest}"? (Services in ${target.namespace}: ${inNamespace.join(', ')})` : inNamespace.length > 0 ? `Services in ${target.namespace}: ${inNamespace.join(', ')}` : `nothing the stack renders lives in namespace "${target.namespace}"`,
    };
  }
  if (!service.ports.some((p) => p.port === target.port)) {
    return {
      service,
      message: `Service ${target.namespace}/${target.name} (${service.origin}) has no port ${target.port}`,
      fix: `its ports: ${service.ports.map((p) => `${p.port}${p.name ? ` (${p.name})` : ''}`).join(', ')}`,
    };
  }
  return undefined;
}
