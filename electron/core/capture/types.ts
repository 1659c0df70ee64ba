/** What a capture provider reads off a device. */
export interface CapturedDevice {
  serial: string;
  manufacturer: string;
  model: string;
  /** Base64 hardware hash (MDM_DevDetail_Ext01.DeviceHardwareData or OA3.xml HardwareHash). */
  hardwareHash: string;
  /** SMBIOS UUID, when the provider reads it. */
  uuid: string;
  /** Windows product id, when known (never a product key). */
  productId: string;
  /** Which provider captured it: "windows", "winpe" or "simulated". */
  provider: string;
  /** Provider notes a technician should see (e.g. "no TPM data: PCPKsp.dll missing"). */
  notes: string[];
  /** TPM state as Windows reports it (null: unknown), when the provider reads it. */
  tpm?: { present: boolean | null; ready: boolean | null };
  /** Windows edition (e.g. "Microsoft Windows 11 Pro"), when the provider reads it. */
  edition?: string;
}

/** A way to capture this device's hardware hash. */
export interface CaptureProvider {
  readonly name: string;
  capture(): Promise<CapturedDevice>;
}
