/*
 * bcryptprimitives.dll for wine releases that lack it (wine before 9.0).
 * Go 1.24 and later get random bytes from its ProcessPrng at start-up and
 * abort without it. scripts/test-windows builds this with mingw-w64 into the
 * wine prefix's system32 only when wine has no such DLL of its own.
 */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!RtlGenRandom(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
