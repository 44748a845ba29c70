const toNumber = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const toIp = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

/**
 * The `index`-th subnet of `cidr` that is `newBits` longer (Terraform's `cidrsubnet`), computed
 * at synthesis so the plan shows literal ranges.
 */
export function subnetCidr(cidr: string, newBits: number, index: number): string {
  const [ip, prefixText] = cidr.split('/');
  const prefix = Number(prefixText);
  const length = prefix + newBits;
  if (!Number.isInteger(newBits) || newBits < 1 || length > 32) {
    throw new Error(`cannot split ${cidr} into /${length} subnets`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** newBits) {
    throw new Error(`${cidr} has ${2 ** newBits} subnets of /${length}; index ${index} is out of range`);
  }
  const size = 2 ** (32 - length);
  const base = toNumber(ip) - (toNumber(ip) % 2 ** (32 - prefix));
  return `${toIp(base + index * size)}/${length}`;
}
