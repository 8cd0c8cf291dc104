#!/usr/bin/env node
import '../dist/create-livrable.js';
