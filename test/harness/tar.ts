/**
 * A tar archive holding one regular file, as the Docker provider builds for each upload:
 * ustar header, content, padding to 512 bytes, and two zero blocks.
 */
export function singleFileTar(name: string, content: Buffer, mode: number): Buffer {
  const header = Buffer.alloc(512, 0);
  header.write(name, 0, 100, "utf8");
  header.write(octal(mode, 7), 100, 8, "ascii");
  header.write(octal(0, 7), 108, 8, "ascii");
  header.write(octal(0, 7), 116, 8, "ascii");
  header.write(octal(content.length, 11), 124, 12, "ascii");
  header.write(octal(0, 11), 136, 12, "ascii");
  header.write("        ", 148, 8, "ascii");
  header.write("0", 156, 1, "ascii");
  header.write("ustar\u000000", 257, 8, "ascii");
  let checksum = 0;
  for (const byte of header) {
    checksum += byte;
  }
  header.write(`${octal(checksum, 6)}\u0000 `, 148, 8, "ascii");
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512, 0);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024, 0)]);
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width, "0")}\u0000`.slice(-(width + 1));
}
