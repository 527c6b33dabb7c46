// The live room page. Each part renders from the shared store (./store.js) and sends frames through the
// page's one socket (./connection.js); the console (../console/main.js) mounts on the same two.
import { mountAgenda } from "./agenda.js";
import { mountAnnouncements } from "./announce.js";
import { mountBreakouts } from "./breakouts.js";
import { mountComposer } from "./composer.js";
import { socket } from "./connection.js";
import { mountControls } from "./controls.js";
import { mountFloor } from "./floor.js";
import { mountFocusKeeper } from "./focus.js";
import { mountInterpretation } from "./interpretation.js";
import { mountPresence } from "./presence.js";
import { mountSingleText } from "./singletext.js";
import { mountStatus } from "./status.js";
import { mountTranscript } from "./transcript.js";

mountStatus();
mountTranscript();
mountInterpretation();
mountComposer();
mountAgenda();
mountFloor();
mountPresence();
mountBreakouts();
mountControls();
mountSingleText();
mountAnnouncements();
mountFocusKeeper();

socket.connect();
socket.watch();
