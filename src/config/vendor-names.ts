export type VendorName = 'chatwoot' | 'tether' | 'healthing';
export const VENDOR_NAMES: readonly VendorName[] = ['chatwoot', 'tether', 'healthing'];
