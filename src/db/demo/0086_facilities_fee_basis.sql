-- Demo: the ddPCR is billed on used time (check-in to check-out at its door's QR page); its
-- past demo bookings were made on booked time and keep it (a booking keeps its basis).
UPDATE resources SET fee_basis = 'used' WHERE name = '디지털 PCR (ddPCR)' AND description LIKE '[데모]%';
