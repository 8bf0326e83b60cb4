// Types of the newsmark npm package. Offsets are Unicode code points (not UTF-16 units).

export type Status = 'suggested' | 'accepted' | 'rejected';
export type Source = 'model' | 'rule' | 'dictionary' | 'user';
export type QuoteKind = 'speech' | 'scare' | 'title' | 'term';

export interface TextSpan { start: number; end: number; text: string }
export interface Speaker extends TextSpan { entity: string | null; name: string | null }
export interface Entity extends TextSpan {
  id: string; label: string; score: number; source: Source; status: Status;
}
export interface Quote extends TextSpan {
  id: string; kind: QuoteKind; speaker: Speaker | null; cue: TextSpan | null;
  score: number; source: Source; status: Status;
}
export interface RemovedBlock { text: string; reason: string; at: number }
export interface Meta { title: string | null; byline: string | null; date: string | null; site: string | null }
export interface Document {
  schema: 'newsmark.document/1'; id: string; text: string; offsets: 'codepoints';
  meta: Meta; entities: Entity[]; quotes: Quote[]; removed: RemovedBlock[];
}
export type Input = { id?: string; text: string } | { id?: string; html: string };
export interface ExportOptions { suggested?: boolean; rejected?: boolean; utf16?: boolean }
export interface ExportedFile { name: string; mime: string; bytes: Uint8Array }
export type ExportFormat = 'json' | 'jsonl' | 'spacy' | 'doccano' | 'labelstudio' | 'brat' | 'conll' | 'w3c' | 'csv';
export type ImportFormat = 'auto' | 'json' | 'spacy' | 'doccano' | 'labelstudio';

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;
export function init(module_or_path?: { module_or_path: InitInput | Promise<InitInput> }): Promise<unknown>;
export default init;
export function annotate(input: Input, options?: { clean?: boolean }): Document;
declare function exportDocuments(docs: Document | Document[], format?: ExportFormat, options?: ExportOptions): ExportedFile;
declare function importDocuments(content: string, format?: ImportFormat, options?: { utf16?: boolean }): Document[];
export { exportDocuments as export, importDocuments as import };
export function formats(): [ExportFormat, string][];
export function version(): string;
