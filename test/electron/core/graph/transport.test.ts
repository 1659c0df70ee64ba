import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import {
  describeNodeTransport,
  nodeSystemCertificates,
  redactProxy,
  systemCaRequested,
  trustedCas,
} from '../../../../electron/core/graph/transport';

const FAKE_SYSTEM_ROOT = '-----BEGIN CERTIFICATE-----\nMIIfake\n-----END CERTIFICATE-----\n';

describe('the Node transport names its proxy and trust source', () => {
  it("trusts Node's bundled roots by default and says it reads no Windows proxy settings", () => {
    const description = describeNodeTransport({ env: {} });
    expect(description.trust).toBe("Node's bundled Mozilla roots");
    expect(description.proxy).toContain('none (direct');
    expect(trustedCas({ env: {} })).toHaveLength(rootCertificates.length);
  });

  it('adds the system store when asked (flag or NODE_USE_SYSTEM_CA=1) where Node can read it', () => {
    const cas = trustedCas({ env: {}, trust: 'system', systemCertificates: () => [FAKE_SYSTEM_ROOT] });
    expect(cas).toContain(FAKE_SYSTEM_ROOT);
    expect(
      describeNodeTransport({ env: { NODE_USE_SYSTEM_CA: '1' }, systemCertificates: () => [FAKE_SYSTEM_ROOT] }).trust,
    ).toBe("the operating system's store (1 roots) + Node's bundled Mozilla roots");
    expect(systemCaRequested({ NODE_OPTIONS: '--max-old-space-size=100 --use-system-ca' })).toBe(true);
    expect(systemCaRequested({})).toBe(false);
  });

  it('says plainly when this Node cannot read the system store (Node 20)', () => {
    const trust = describeNodeTransport({ env: {}, trust: 'system', systemCertificates: () => null }).trust;
    expect(trust).toContain('cannot read it (needs Node 22.15 or later)');
    const available = nodeSystemCertificates();
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    if (major < 22 || (major === 22 && minor < 15)) expect(available).toBeNull();
  });

  it('names HTTPS_PROXY without its credentials, and the extra CAs', () => {
    const description = describeNodeTransport({
      env: { HTTPS_PROXY: 'http://svc:pa55@proxy.corp:3128', NO_PROXY: '.corp' },
      extraCaPem: [FAKE_SYSTEM_ROOT],
    });
    expect(description.proxy).toBe('HTTPS_PROXY http://***@proxy.corp:3128 (NO_PROXY .corp)');
    expect(description.trust).toContain('1 configured CA certificate(s)');
    expect(redactProxy('http://proxy:8080')).toBe('http://proxy:8080');
  });
});
