// tsc copies no assets: put the icons where the built nodes and credential point (file:../../icons/…).
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
fs.cpSync(path.join(root, 'icons'), path.join(root, 'dist', 'icons'), { recursive: true });
