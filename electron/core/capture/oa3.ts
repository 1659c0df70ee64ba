import { XMLParser } from 'fast-xml-parser';

/** OA3.cfg for report mode: file-based, paths relative to the working folder (reference §2.2). */
export const OA3_CONFIG = [
  '<OA3>',
  '  <FileBased>',
  '    <InputKeyXMLFile>.\\input.xml</InputKeyXMLFile>',
  '  </FileBased>',
  '  <OutputData>',
  '    <AssembledBinaryFile>.\\OA3.bin</AssembledBinaryFile>',
  '    <ReportedXMLFile>.\\OA3.xml</ReportedXMLFile>',
  '  </OutputData>',
  '</OA3>',
  '',
].join('\r\n');

/** The placeholder key OA3Tool insists on even with /NoKeyCheck; it is never validated or used. */
export const OA3_PLACEHOLDER_INPUT = [
  '<?xml version="1.0"?>',
  '<Key>',
  '  <ProductKey>XXXXX-XXXXX-XXXXX-XXXXX-XXXXX</ProductKey>',
  '  <ProductKeyID>0000000000000</ProductKeyID>',
  '  <ProductKeyState>0</ProductKeyState>',
  '</Key>',
  '',
].join('\r\n');

/** Report-mode arguments: `/Report /ConfigFile=<dir>\OA3.cfg /NoKeyCheck`. */
export function oa3ReportArgs(configPath: string): string[] {
  return ['/Report', `/ConfigFile=${configPath}`, '/NoKeyCheck'];
}

/**
 * Reads `<HardwareHash>` from an OA3.xml report (root `<Key>`), or '' when absent. Parsed with a real
 * XML parser: the file may carry a BOM, a declaration, namespaces, CDATA or wrapped text.
 */
export function readOa3HardwareHash(xml: string): string {
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: true,
  });
  const document = parser.parse(xml.replace(/^\uFEFF/, '')) as unknown;
  const found = findElement(document, 'hardwarehash');
  return typeof found === 'string' ? found.replace(/\s+/g, '') : '';
}

function findElement(node: unknown, name: string): unknown {
  if (node === null || typeof node !== 'object') return undefined;
  for (const [key, value] of Object.entries(node)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? (value[0] as unknown) : value;
    const inner = findElement(value, name);
    if (inner !== undefined) return inner;
  }
  return undefined;
}
