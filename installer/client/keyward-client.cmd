@echo off
rem Shows the configuration the Keyward client reads at its first start.
reg query "HKLM\Software\Keyward\Client"
