// Rebuild the browser files the app serves from static/vendor (and axe-core for the page
// tests) from the npm packages pinned in package.json:  npm ci && npm run build
// The results are committed, so the app runs without Node.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const vendor = join(root, "static", "vendor");
mkdirSync(vendor, { recursive: true });

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(join(modules, from), to);
}

function version(name) {
  return JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")).version;
}

// QR decoding where the browser has no BarcodeDetector: the barcode-detector ponyfill
// (window.BarcodeDetectionAPI) and the zxing-wasm reader it loads, served by the app itself.
copy("barcode-detector/dist/iife/ponyfill.js", join(vendor, "barcode-detector.js"));
copy("barcode-detector/LICENSE", join(vendor, "barcode-detector.LICENSE"));
copy("zxing-wasm/dist/reader/zxing_reader.wasm", join(vendor, "zxing_reader.wasm"));
copy("zxing-wasm/LICENSE", join(vendor, "zxing-wasm.LICENSE"));

// Icons: the Lucide icons listed in scripts/icons.txt as one SVG sprite.
const names = readFileSync(join(root, "scripts", "icons.txt"), "utf8")
  .split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
const symbols = names.map((name) => {
  const svg = readFileSync(join(modules, "lucide-static", "icons", `${name}.svg`), "utf8");
  const body = svg.replace(/<!--[\s\S]*?-->/g, "").replace(/^[\s\S]*?<svg[^>]*>/, "")
    .replace(/<\/svg>\s*$/, "").trim().replace(/\s*\n\s*/g, "");
  return `<symbol id="i-${name}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</symbol>`;
});
writeFileSync(
  join(vendor, "icons.svg"),
  `<svg xmlns="http://www.w3.org/2000/svg">` +
    `<!-- Lucide ${version("lucide-static")} (ISC licence, icons.LICENSE) -->${symbols.join("")}</svg>\n`,
);
copy("lucide-static/LICENSE", join(vendor, "icons.LICENSE"));

// Accessibility checks in the page tests (not served to users).
copy("axe-core/axe.min.js", join(root, "tests", "vendor", "axe.min.js"));
copy("axe-core/LICENSE", join(root, "tests", "vendor", "axe.LICENSE"));

writeFileSync(
  join(vendor, "VERSIONS.txt"),
  ["barcode-detector", "zxing-wasm", "lucide-static", "axe-core"]
    .map((name) => `${name} ${version(name)}`).join("\n") + "\n",
);
console.log(`static/vendor rebuilt: ${names.length} icons, barcode-detector ${version("barcode-detector")}, zxing-wasm ${version("zxing-wasm")}`);
