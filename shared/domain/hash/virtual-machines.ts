/** What a hash or WMI says when the "device" is a virtual machine. */
export interface VirtualMachineHint {
  /** Platform name shown to the technician. */
  platform: string;
}

interface VmRule {
  platform: string;
  /** Tested against "manufacturer | model" (case-insensitive). */
  makeModel?: RegExp;
  /** Tested against the serial number. */
  serial?: RegExp;
}

// Manufacturer/model strings as SMBIOS reports them on each platform; serial formats from the hash
// reference §5 (Hyper-V 26 digits in dashed groups, VMware "VMware-xx xx ..." on x64).
const RULES: readonly VmRule[] = [
  { platform: 'Hyper-V / Azure', makeModel: /^microsoft corporation \| virtual machine/ },
  { platform: 'Hyper-V / Azure', serial: /^\d{4}-\d{4}-\d{4}-\d{4}-\d{4}-\d{4}-\d{2}$/ },
  { platform: 'VMware', makeModel: /vmware/ },
  { platform: 'VMware', serial: /^vmware-/i },
  { platform: 'VirtualBox', makeModel: /innotek|virtualbox|^oracle corporation \| virtualbox/ },
  { platform: 'QEMU / KVM', makeModel: /qemu|\bkvm\b|standard pc \((q35|i440fx)|^red hat \||rhev|ovirt|proxmox|bochs/ },
  { platform: 'QEMU / KVM', serial: /^smbios_string_index_\d+$/i },
  { platform: 'Parallels', makeModel: /parallels/ },
  { platform: 'Xen', makeModel: /\bxen\b|hvm domu/ },
  { platform: 'Citrix Hypervisor', makeModel: /citrix/ },
  { platform: 'Amazon EC2', makeModel: /amazon ec2|^amazon \|/ },
  { platform: 'Google Compute Engine', makeModel: /^google \||google compute engine/ },
  { platform: 'Nutanix AHV', makeModel: /nutanix/ },
  { platform: 'OpenStack', makeModel: /openstack/ },
  { platform: 'DigitalOcean', makeModel: /digitalocean|\| droplet$/ },
  { platform: 'Alibaba Cloud', makeModel: /alibaba cloud/ },
  { platform: 'Oracle Cloud', makeModel: /oraclecloud/ },
  { platform: 'Apple Virtualization', makeModel: /^apple inc\. \| virtualmac/ },
  { platform: 'Virtual machine', makeModel: /\bvirtual (machine|platform)\b/ },
];

/** Recognises a virtual machine from its SMBIOS manufacturer, model and serial; null for hardware. */
export function detectVirtualMachine(manufacturer: string, model: string, serial = ''): VirtualMachineHint | null {
  const makeModel = `${manufacturer.trim()} | ${model.trim()}`.toLowerCase();
  const trimmedSerial = serial.trim();
  for (const rule of RULES) {
    if (rule.makeModel?.test(makeModel) || (trimmedSerial && rule.serial?.test(trimmedSerial))) {
      return { platform: rule.platform };
    }
  }
  return null;
}
